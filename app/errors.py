"""Domain errors that services raise and routes turn into answers."""


class DomainError(Exception):
    """A rule of the domain was broken; the message is shown to the person."""

    status_code = 409


class NotAllowed(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409
