"""Choice labels for values read without their model object."""


def choice_label(model, field_name: str, value):
    """What `obj.get_<field_name>_display()` gives, for a value read without its object."""
    return dict(model._meta.get_field(field_name).flatchoices).get(value, value)
