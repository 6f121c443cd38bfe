"""Training the learned parts of the analysis from open data: `python -m index.train ner ...`.

The data is read where it lies (`<repo>/../shared/dev-data` by default) and never enters the
repository; only the trained model file and its metadata (sources, licences, settings) do.
"""
