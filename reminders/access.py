"""Who may read the reminders app's pages (skpd.access's rule: the role's permission
decides, 403 before any lookup).

- The weekly coordination report reads what the workbook overview shows (every OPD's
  progress, rejected documents and their notes, the estimates), so whoever may open
  the overview may read it: the same permission, `workbook.access.VIEW_WORKBOOK`
  (Inspektorat, Pimpinan and SKPD heads alike).
- The timeline on the overview reads the year's calendar: `reminders.view_milestone`,
  which migration 0002 gives the Inspektorat, Pimpinan and SKPD heads.
"""

from workbook.access import VIEW_WORKBOOK

VIEW_REPORT = VIEW_WORKBOOK
VIEW_CALENDAR = "reminders.view_milestone"
