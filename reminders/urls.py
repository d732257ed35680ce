"""Addresses of the reminders app's pages, under /mcp/ beside the workbook's."""

app_name = "reminders"

urlpatterns: list = []
