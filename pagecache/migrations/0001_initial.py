from django.db import migrations, models


class Migration(migrations.Migration):
    """AggregateVersion moves from scores to this app: its table, created by scores'
    migration 0008, stays as it is; only Django's idea of which app owns it changes."""

    initial = True

    dependencies = [
        ("scores", "0009_aggregateversion_setup_number"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AggregateVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("number", models.PositiveBigIntegerField(default=0, verbose_name="number")),
                        (
                            "setup_number",
                            models.PositiveBigIntegerField(default=0, verbose_name="setup number"),
                        ),
                    ],
                    options={
                        "verbose_name": "aggregate version",
                        "verbose_name_plural": "aggregate versions",
                        "db_table": "scores_aggregateversion",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
