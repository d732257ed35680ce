from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

USERNAME_MAX_LENGTH = User._meta.get_field("username").max_length


class BoundedUsername:
    """AuthenticationForm sets the username field's max_length after the field was built,
    so no validator checks it: an over-long name reached authenticate() and django-axes
    tried to record it in a 255-character column (a 500 on PostgreSQL). A name longer
    than any account's is simply a wrong login."""

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username") or ""
        if len(username) > USERNAME_MAX_LENGTH:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return username


class LoginForm(BoundedUsername, AuthenticationForm):
    # Django's own Indonesian text repeats "nama pengguna"; this one reads cleanly.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is wrong. Capital and small letters count as different."
        ),
    }


class AdminLoginForm(BoundedUsername, AdminAuthenticationForm):
    """The admin's login form, with the same bound on the username."""
