"""The lever optimiser (issue #13; being built on branch w/optim).

A placeholder so that the import contract (``pyproject.toml``, ``[tool.importlinter]``) can name
this layer: ``webapp -> optimise -> sim``, beside ``calibration``.
"""
