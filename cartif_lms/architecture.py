"""Which part of the package may import which: the layers, bottom to top.

A *part* is a subpackage (``quizzes``) or a top-level module (``db``), except that a
subpackage's ``models`` module is a part of its own (``quizzes.models``): SQLAlchemy
relationships join the tables across parts (a person has a country, a designation names a
person), so the tables sit below every part that queries them.

A module may import the parts of the layers below its own, and its own part; never another
part of its own layer, nor a layer above. So a lower part never learns of a higher one: the
curriculum (``content``) knows nothing of quizzes, exercises or capacity, which plug into it
through the item-kind registry (``content.kinds``, filled by ``kinds``), and reactions across
parts go through the signals of ``signals``. Imports under ``if TYPE_CHECKING:`` are not
counted (they name a type for an annotation and never run).

``tests/core/test_architecture.py`` reads every module's imports (inside functions too) and
fails on a cycle between parts, on an import against these layers, and on a part that no
layer names.
"""

LAYERS: tuple[tuple[str, ...], ...] = (
    # Plumbing and pure libraries.
    ("architecture", "resources"),
    ("config", "db", "signals"),
    ("forms", "treaty", "charts"),
    # The tables, and the curriculum with its item-kind registry.
    ("directory.models", "mail.models", "notifications.models"),
    ("auth.models", "audit.models"),
    # The audit trail every domain writes to (content sync too), in the action's transaction.
    ("audit",),
    ("content.models",),
    ("content",),
    ("learning.models", "quizzes.models", "drafting.models", "capacity.models"),
    ("models",),
    # Sending email; who may do and see what.
    ("mail",),
    ("security",),
    # The domains, each using those below it.
    ("auth", "directory"),
    ("learning",),
    ("quizzes",),
    ("capacity",),
    ("drafting",),
    # Telling people what happened in the domains above (through their signals).
    ("notifications",),
    # Pages and endpoints over several domains; backups and migrations.
    ("core", "admin", "api", "maintenance", "migrations"),
    # Wiring: the shipped kinds, demo data, the command line, the application.
    ("kinds",),
    ("demo",),
    ("cli",),
    ("app_setup",),
    ("extension",),
    ("app",),
    ("cartif_lms",),
)
