"""Community Workbook (社群运营工作簿): run a training programme's learning community from Jupyter."""

__version__ = "0.1.0"
