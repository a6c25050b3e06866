"""Who may see every agency's background work: the portal's operators."""


def can_operate(user) -> bool:
    """Staff or superusers (the operators of the portal, not an agency's admins)."""
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))
