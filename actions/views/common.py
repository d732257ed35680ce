from django.core.exceptions import ValidationError


def first_error(error: ValidationError) -> str:
    return " ".join(error.messages)
