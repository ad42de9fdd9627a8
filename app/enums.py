"""Enums that carry their own translated labels, and the vocabularies every area shares.

A member is declared with its stored value and its label:

    class RequestState(LabelledEnum):
        draft = "draft", _l("Draft")

`RequestState("draft")` still finds the member by its value, the value stored in the database stays
"draft", and `state.label` (in a template `{{ request.state.label }}`) is the label, translated when
it is shown. `RequestState.choices()` gives the (value, label) pairs of a WTForms field.
"""
import enum

from app.i18n import lazy_gettext as _l


class LabelledEnum(enum.Enum):
    """An enum whose members are declared as `name = "value", _l("Label")`."""

    def __new__(cls, value, label=None):
        member = object.__new__(cls)
        member._value_ = value
        member._label = label if label is not None else value
        return member

    @property
    def label(self):
        """Return the member's label, translated into the page's language when shown."""
        return self._label

    @classmethod
    def choices(cls, members=None, blank=None):
        """Return (value, label) choices of the members (all, in order), after an optional blank one."""
        from app.forms import choices

        pairs = [(m.value, m.label) for m in (cls if members is None else members)]
        return choices(([("", blank)] if blank is not None else []) + pairs)


class Theme(LabelledEnum):
    """The one vocabulary of themes; each area offers its own part of it (below)."""

    # The 17 Sustainable Development Goals and a few local themes (the science shop's requests).
    sdg01 = "sdg01", _l("Goal 1: No poverty")
    sdg02 = "sdg02", _l("Goal 2: Zero hunger")
    sdg03 = "sdg03", _l("Goal 3: Good health and well-being")
    sdg04 = "sdg04", _l("Goal 4: Quality education")
    sdg05 = "sdg05", _l("Goal 5: Gender equality")
    sdg06 = "sdg06", _l("Goal 6: Clean water and sanitation")
    sdg07 = "sdg07", _l("Goal 7: Affordable and clean energy")
    sdg08 = "sdg08", _l("Goal 8: Decent work and economic growth")
    sdg09 = "sdg09", _l("Goal 9: Industry, innovation and infrastructure")
    sdg10 = "sdg10", _l("Goal 10: Reduced inequalities")
    sdg11 = "sdg11", _l("Goal 11: Sustainable cities and communities")
    sdg12 = "sdg12", _l("Goal 12: Responsible consumption and production")
    sdg13 = "sdg13", _l("Goal 13: Climate action")
    sdg14 = "sdg14", _l("Goal 14: Life below water")
    sdg15 = "sdg15", _l("Goal 15: Life on land")
    sdg16 = "sdg16", _l("Goal 16: Peace, justice and strong institutions")
    sdg17 = "sdg17", _l("Goal 17: Partnerships for the goals")
    democracy = "democracy", _l("Democracy and participation")
    culture = "culture", _l("Culture and leisure")
    digital = "digital", _l("Digital inclusion")
    migration = "migration", _l("Migration and integration")
    # Co-lab sessions.
    housing = "housing", _l("Housing and neighbourhoods")
    health = "health", _l("Health and well-being")
    work = "work", _l("Work and labour market")
    environment = "environment", _l("Environment and climate")
    education = "education", _l("Education and young people")
    inclusion = "inclusion", _l("Inclusion and equality")
    social_enterprise = "social_enterprise", _l("Social enterprise")
    # Businesses' and needs' target groups in matching.
    long_term_unemployed = "long_term_unemployed", _l("People far from the labour market")
    newcomers = "newcomers", _l("Newcomers to Sweden")
    disability = "disability", _l("People with disabilities")
    youth = "youth", _l("Young people")
    older_people = "older_people", _l("Older people")
    gender_equality = "gender_equality", _l("Gender equality")
    local_community = "local_community", _l("Local community")
    digital_inclusion = "digital_inclusion", _l("Digital inclusion")


T = Theme
# The themes each area offers, in the order its forms list them. The database columns of requests'
# and co-lab sessions' themes accept exactly their area's values (as before the vocabulary was shared).
REQUEST_THEMES = (T.sdg01, T.sdg02, T.sdg03, T.sdg04, T.sdg05, T.sdg06, T.sdg07, T.sdg08, T.sdg09, T.sdg10,
                  T.sdg11, T.sdg12, T.sdg13, T.sdg14, T.sdg15, T.sdg16, T.sdg17, T.democracy, T.culture,
                  T.digital, T.migration)
COLAB_THEMES = (T.housing, T.health, T.work, T.environment, T.education, T.inclusion, T.social_enterprise,
                T.digital)
MATCHING_THEMES = (T.long_term_unemployed, T.newcomers, T.disability, T.youth, T.older_people, T.environment,
                   T.gender_equality, T.local_community, T.digital_inclusion, T.health)
del T


class Language(LabelledEnum):
    """The languages Samverka is written in: the pages' locales, a person's language, a business's."""

    sv = "sv", _l("Swedish"), "Svenska"
    en = "en", _l("English"), "English"

    def __new__(cls, value, label, own_name):
        member = object.__new__(cls)
        member._value_ = value
        member._label = label
        member.own_name = own_name  # the language's name in itself, for the language switcher
        return member

    @classmethod
    def own_names(cls):
        """Return {code: name in itself} of every language, in order."""
        return {language.value: language.own_name for language in cls}
