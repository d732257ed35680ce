from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboard import job_views as dashboard_job_views
from dashboard import views as dashboard_views
from mcp_dashboard import health
from skpd.forms import AdminLoginForm, LoginForm

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("unit/<slug:code>/", dashboard_views.unit_detail, name="unit_detail"),
    path(
        "national/recompute/",
        dashboard_job_views.national_recompute,
        name="national_recompute",
    ),
    path("entry/", include("scores.entry.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("ping/", health.ping, name="ping"),
    path("", include("scores.transfer.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("actions.urls")),
    path("", include("workbook.urls")),
    path("", include("reminders.urls")),
    path("", include("jobs.urls")),
]

handler500 = "mcp_dashboard.views.server_error"
