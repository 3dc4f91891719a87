"""The figures of each dashboard as cards (a table and its chart); the views only render them.

team.py: the team dashboard, one function per card; compare.py: teams of a college, colleges
of the ROC side by side; cards.py: what both share."""

from .cards import Card, derive
from .compare import college_page, roc_page
from .team import TEAM_CARDS, team_card, team_page

__all__ = ["TEAM_CARDS", "Card", "college_page", "derive", "roc_page", "team_card", "team_page"]
