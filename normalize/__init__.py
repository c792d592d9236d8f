"""From the neutral document model to normalized records.

``tables`` assembles the activity table (stitching, header mapping, sections, broken
rows); then one module per field: ``periods``, ``executors``, ``indicators``,
``completion``, ``risks``, ``schools``; ``metadata`` reads the order's own header.
"""
import warnings

# pymorphy2 (natasha's morphology) imports pkg_resources, which warns of its own
# deprecation on every run; setuptools is pinned below 81 so it keeps working.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
