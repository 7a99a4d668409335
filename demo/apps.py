from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data: `manage.py seed_demo` and the road an order travels through the real services
    (`demo.road`), which the tests use too. No models; it may import every app, and nothing but tests,
    benchmarks and the data generator import it."""
    name = "demo"
    default_auto_field = "django.db.models.BigAutoField"
