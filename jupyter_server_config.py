"""JupyterLab's settings for this project, loaded by `make lab` (`jupyter lab --config=...`);
see analysis/lab.py and docs/jupyterlab.md. Nothing is written to your ~/.jupyter.
"""

from analysis import lab

c = get_config()  # noqa: F821 (traitlets defines it in a config file)
lab.configure(c)
print(lab.describe_kernels(), flush=True)
