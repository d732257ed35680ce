"""The reminders app's pages: one module per page family (calendar, outbox, what needs
the user, the weekly coordination report)."""
