from results.tests.conftest import thermometer  # noqa: F401  (the instrument waiting for its results)
