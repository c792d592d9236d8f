"""From the neutral document model to normalized records.

``tables`` assembles the activity table (stitching, header mapping, sections, broken
rows); then one module per field: ``periods``, ``executors``, ``indicators``,
``completion``, ``risks``, ``schools``; ``metadata`` reads the order's own header.
"""
