"""JupyterLab as an analyst uses it, in headless Chromium: the project's lab (``make lab``'s
settings, ``jupyter_server_config.py``) on 127.0.0.1 over a git copy of the project.

- open a notebook, Run > Run All Cells, File > Save: ``git status`` stays empty;
- the lab's kernel has the runner's isolation (no network);
- type an edit into a cell, save, run ``python -m analysis notebooks``: the edit is in both
  files of the pair;
- edit the script on disk while the notebook is open, then save in the lab: refused, with
  the lab's message, and the script keeps its edit.

The copy imports its own ``analysis`` (PYTHONPATH), so figures and data are the copy's. The
lab's own settings and workspaces go to a temporary folder: nothing of ``~/.jupyter`` is
read or written. Nothing leaves loopback: the lab checks for no update and fetches no news.
Outside CI the tests skip, saying why, when Chromium or its driver is missing; with CI=true
a missing browser fails (``.ci/run`` installs Debian's chromium and chromium-driver).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from ipykernel.ipkernel import IPythonKernel

from analysis import kernels, netguard, notebooks
from analysis.loaders import PROJECT_ROOT

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)
TOKEN = "test-token-of-the-lab"
#: The notebook the tests open (among the quickest to run).
NOTEBOOK = "notebooks/03-tit-for-tat.ipynb"
#: Seconds to wait for the server, a kernel, a run of every cell.
STARTUP, RUN_ALL = 120, 400

#: JavaScript: ``a`` the app, ``w`` the panel of the notebook given as ``arguments[0]``.
PANEL = """
const a = window.jupyterapp;
const w = a && Array.from(a.shell.widgets('main')).find(
    w => w.context && w.sessionContext && w.context.path === arguments[0]);
"""


def browser_paths() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=test", "-c", "user.email=test@localhost",
         *args],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def copy_project(target: Path) -> Path:
    """The project's files as they are now (tracked and new, not ignored) in a fresh git
    repository at ``target``, committed.
    """
    listed = git(PROJECT_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "copy")
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout: float, what: str, pause: float = 0.25):
    """Poll ``check()`` until it returns a true value (returned) or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(pause)


class Lab:
    """The project's JupyterLab on a copy of the project, and a browser on it."""

    def __init__(self, project: Path, home: Path, driver) -> None:
        self.project, self.home, self.driver = project, home, driver
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = home / "server.log"
        env = dict(os.environ, PYTHONPATH=str(project))
        for variable, folder in {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
        }.items():
            env[variable] = str(home / folder)
        command = [
            str(Path(sys.executable).with_name("jupyter-lab")),
            f"--config={project / 'jupyter_server_config.py'}",
            "--no-browser",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={TOKEN}",
            # for the test: the app reachable from JavaScript, nothing fetched from outside
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ]
        with self.log.open("w") as log:
            self.server = subprocess.Popen(
                command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        wait_for(self.up, STARTUP, f"JupyterLab to start (log: {self.log})", pause=0.5)

    def up(self) -> bool:
        if self.server.poll() is not None:
            raise AssertionError(f"JupyterLab exited: {self.log.read_text()[-2000:]}")
        try:
            self.api("GET", "/api/status")
        except OSError:
            return False
        return True

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.base}{path}", method=method, headers={"Authorization": f"token {TOKEN}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def close(self) -> None:
        self.server.terminate()
        try:
            self.server.wait(30)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait(10)

    # --- in the browser ---

    def js(self, code: str, path: str = NOTEBOOK):
        return self.driver.execute_script(PANEL + code, path)

    def open(self, path: str = NOTEBOOK) -> None:
        """Load the lab with ``path`` open (a fresh workspace), its kernel idle."""
        self.driver.get(f"{self.base}/lab/tree/{path}?reset&token={TOKEN}")
        wait_for(
            lambda: self.js(
                "return !!w && w.context.isReady && !!w.sessionContext.session"
                " && !!w.sessionContext.session.kernel"
                " && w.sessionContext.session.kernel.status === 'idle';",
                path,
            ),
            STARTUP,
            f"{path} to open with an idle kernel",
        )
        # focus the notebook, as a click does: the menus act on it
        self.driver.find_element("css selector", ".jp-NotebookPanel .jp-Notebook").click()
        wait_for(lambda: self.js("return a.shell.currentWidget === w;", path), 10, "focus")

    def menu(self, menu: str, command: str) -> None:
        """Click the menu bar's ``menu``, then its item that runs ``command``."""
        from selenium.webdriver.common.by import By

        for item in self.driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item"):
            if item.text.strip() == menu:
                item.click()
                break
        else:
            raise AssertionError(f"no menu {menu!r}")
        selector = f".lm-Menu-item[data-command='{command}']"
        entry = wait_for(
            lambda: [e for e in self.driver.find_elements(By.CSS_SELECTOR, selector)
                     if e.is_displayed()],
            10, f"menu item {command}",
        )[0]  # fmt: skip
        entry.click()

    def dirty(self, path: str = NOTEBOOK) -> bool:
        return self.js("return w.context.model.dirty;", path)

    def save(self, path: str = NOTEBOOK) -> None:
        self.menu("File", "docmanager:save")

    def dialog(self) -> str:
        """The text of the dialog shown (empty when none)."""
        return self.driver.execute_script(
            "const d = document.querySelector('.jp-Dialog-content');return d ? d.innerText : '';"
        )

    def shutdown_kernels(self) -> None:
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    paths = browser_paths()
    if paths is None:
        message = "headless Chromium test needs `chromium` and `chromedriver` on PATH"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message} (CI=true: a missing browser is a failure)")
        pytest.skip(f"{message}: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    browser = webdriver.Chrome(options=options, service=Service(executable_path=paths[1]))
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def lab(driver, tmp_path_factory) -> Iterator[Lab]:
    project = copy_project(tmp_path_factory.mktemp("project"))
    server = Lab(project, tmp_path_factory.mktemp("lab-home"), driver)
    yield server
    server.close()


@pytest.fixture
def clean(lab: Lab) -> Iterator[Lab]:
    """The copy as committed before the test; its kernels shut down after it."""
    git(lab.project, "checkout", "-q", "--", ".")
    git(lab.project, "clean", "-q", "-fd", "--", "notebooks", "figures")
    assert git(lab.project, "status", "--porcelain") == ""
    yield lab
    lab.shutdown_kernels()


def test_open_run_all_and_save_leaves_the_tree_clean(clean: Lab) -> None:
    lab, path = clean, clean.project / NOTEBOOK
    stored = nbformat.read(path, as_version=4).metadata["language_info"]
    assert stored == IPythonKernel.language_info, (
        f"the notebooks were recorded on Python {stored.get('version')}, this is "
        f"{IPythonKernel.language_info['version']}: the lab writes its own; run `make run`"
    )
    lab.open()
    assert not lab.dirty(), "opening the notebook changed it"
    stored_mtime = path.stat().st_mtime_ns
    code_cells = sum(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells)
    # count the cells the kernel really runs
    lab.js(
        "window.executed = 0; w.sessionContext.session.kernel.iopubMessage.connect("
        "(_, m) => { if (m.header.msg_type === 'execute_input') window.executed++; });"
    )
    lab.menu("Run", "runmenu:run-all")
    state = (
        "const cells = w.content.widgets.filter(c => c.model.type === 'code');"
        "return [window.executed, w.sessionContext.session.kernel.status,"
        " cells.map(c => c.model.executionCount),"
        " cells.flatMap(c => c.model.outputs.toJSON())"
        "      .filter(o => o.output_type === 'error' || o.name === 'stderr')];"
    )
    wait_for(
        lambda: (lambda s: s[0] == code_cells and s[1] == "idle")(lab.js(state)),
        RUN_ALL,
        "Run All Cells to finish",
        pause=1,
    )
    _, _, counts, problems = lab.js(state)
    assert counts == list(range(1, code_cells + 1))
    assert problems == []
    assert lab.dirty()
    lab.save()
    wait_for(lambda: not lab.dirty(), 30, "the save")
    assert path.stat().st_mtime_ns != stored_mtime, "the notebook was not written"
    assert git(lab.project, "status", "--porcelain") == ""


PROBE = {
    # in the namespace: only loopback
    True: "import socket; print([n for _, n in socket.if_nameindex()])",
    # under the guard: a connection off the machine refused before it is made
    False: (
        "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 9), timeout=1)\n"
        "except PermissionError as e:\n    print('refused', e)"
    ),
}


def test_the_labs_kernel_has_the_runners_isolation(clean: Lab) -> None:
    lab = clean
    lab.open()
    isolation = kernels.resolve()
    lab.js(
        "window.probe = ''; const f = w.sessionContext.session.kernel.requestExecute("
        "{code: arguments[1], silent: false, store_history: false});"
        "f.onIOPub = m => { if (m.header.msg_type === 'stream') window.probe += m.content.text;"
        " if (m.header.msg_type === 'error') window.probe += 'ERROR ' + m.content.evalue; };"
        "f.done.then(() => { window.probeDone = true; });"
        .replace("arguments[1]", json.dumps(PROBE[isolation.namespace]))
    )  # fmt: skip
    wait_for(lambda: lab.driver.execute_script("return window.probeDone;"), 60, "the probe")
    printed = lab.driver.execute_script("return window.probe;")
    if isolation.namespace:
        assert printed.strip() == "['lo']", printed
    else:
        assert printed.startswith("refused") and netguard.MESSAGE in printed, printed


EDIT = "# an edit typed in JupyterLab"


def type_at_end_of_first_code_cell(lab: Lab, text: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    cell = lab.driver.find_elements(By.CSS_SELECTOR, ".jp-CodeCell .cm-content")[0]
    cell.click()
    keys = ActionChains(lab.driver).key_down(Keys.CONTROL).send_keys(Keys.END)
    keys.key_up(Keys.CONTROL).send_keys(Keys.ENTER, text).perform()
    wait_for(lab.dirty, 10, "the edit to reach the notebook")


def test_an_edit_saved_in_the_lab_survives_the_runner(clean: Lab, tmp_path: Path) -> None:
    lab = clean
    lab.open()
    type_at_end_of_first_code_cell(lab, EDIT)
    lab.save()
    wait_for(lambda: not lab.dirty(), 30, "the save")
    notebook, script = lab.project / NOTEBOOK, (lab.project / NOTEBOOK).with_suffix(".py")
    assert EDIT in script.read_text(encoding="utf-8")
    assert notebooks.in_sync(notebook)
    # the runner, on this pair alone (the others are not what is tested, and take minutes)
    runner = tmp_path / "project"
    shutil.copytree(lab.project, runner, ignore=shutil.ignore_patterns(".git", ".ipynb_*"))
    for other in (runner / "notebooks").glob("[0-9][0-9]-*"):
        if other.stem != notebook.stem:
            other.unlink()
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "notebooks"],
        cwd=runner,
        env=dict(os.environ, PYTHONPATH=str(runner)),
        capture_output=True,
        text=True,
        timeout=RUN_ALL,
        check=False,
    )
    assert done.returncode == notebooks.EXIT_OK, done.stderr
    # it ran the copy's one pair (PYTHONPATH: the copy's analysis, not the project's)
    assert done.stdout.count("executed ") == 1 and f"executed {NOTEBOOK}" in done.stdout
    ran = runner / NOTEBOOK
    assert EDIT in ran.with_suffix(".py").read_text(encoding="utf-8")
    code = [c.source for c in nbformat.read(ran, as_version=4).cells if c.cell_type == "code"]
    assert code[0].endswith("\n" + EDIT)
    assert notebooks.read_state(ran.parent)[ran.stem] == notebooks.cells_digest(
        nbformat.read(ran, as_version=4)
    )


def test_a_script_edited_on_disk_is_not_reverted_by_saving_in_the_lab(clean: Lab) -> None:
    lab = clean
    lab.open()
    script = (lab.project / NOTEBOOK).with_suffix(".py")
    text = script.read_text(encoding="utf-8")
    edited = text.replace("\n# %%\n", "\n# %%\n# an edit made in an editor\n", 1)
    assert edited != text
    time.sleep(1.1)  # a later modification time, as an edit in an editor has
    script.write_text(edited, encoding="utf-8")
    notebook_bytes = (lab.project / NOTEBOOK).read_bytes()
    type_at_end_of_first_code_cell(lab, EDIT)
    lab.save()
    message = wait_for(lab.dialog, 30, "a dialog")
    if "has changed on disk" in message:  # the lab saw the script's time: overwrite anyway
        lab.driver.save_screenshot(str(lab.home / "file-changed.png"))
        from selenium.webdriver.common.by import By

        for button in lab.driver.find_elements(By.CSS_SELECTOR, ".jp-Dialog-button"):
            if button.text.strip().lower() == "overwrite":
                button.click()
                break
        message = wait_for(
            lambda: (
                (lambda t: t if "has changed on disk" not in t else "")(lab.dialog())
                or (not lab.dirty() and "saved, no refusal")
            ),
            30,
            "the refusal",
        )
    assert "Not saved: notebooks/03-tit-for-tat.py changed on disk" in message, message
    lab.driver.save_screenshot(str(lab.home / "refused.png"))
    assert script.read_text(encoding="utf-8") == edited
    assert (lab.project / NOTEBOOK).read_bytes() == notebook_bytes
    assert lab.dirty(), "the lab should still hold the unsaved edit"
