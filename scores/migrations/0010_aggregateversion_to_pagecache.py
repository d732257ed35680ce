from django.db import migrations


class Migration(migrations.Migration):
    """AggregateVersion now belongs to the pagecache app (its migration 0001 takes the
    table over): scores forgets the model and keeps the table."""

    dependencies = [
        ("scores", "0009_aggregateversion_setup_number"),
        ("pagecache", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AggregateVersion")],
            database_operations=[],
        ),
    ]
