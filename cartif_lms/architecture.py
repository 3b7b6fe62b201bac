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
    ("config", "db", "signals", "i18n", "static_assets"),
    ("forms", "treaty", "charts", "pdf", "spreadsheet", "pagination"),
    # The tables, and the curriculum with its item-kind registry.
    ("directory.models", "mail.models", "notifications.models"),
    ("auth.models", "audit.models"),
    # The audit trail every domain writes to (content sync too), in the action's transaction.
    ("audit",),
    ("content.models",),
    ("content",),
    ("learning.models", "quizzes.models", "drafting.models", "capacity.models", "core.models"),
    ("certificates.models",),
    ("workshops.models",),
    ("simulations.models",),
    ("jobs.models", "progress_reports.models"),
    ("models",),
    # Sending email; who may do and see what.
    ("mail",),
    ("security",),
    # Background jobs (RQ on Redis, or inline): kinds of job register with it.
    ("jobs",),
    # The domains, each using those below it.
    ("auth", "directory"),
    ("learning",),
    ("quizzes",),
    ("capacity",),
    ("drafting",),
    # Progress reports over the domains above; later parts (workshops) add sections to them.
    ("progress_reports",),
    ("workshops",),
    # Negotiation simulations: delegations negotiate a bracketed text (workshops may host them).
    ("simulations",),
    # Certificates for completed tracks (and workshops), with their public verification.
    ("certificates",),
    # Telling people what happened in the domains above (through their signals).
    ("notifications",),
    # A person's data: everything held about them, as one file, and their erasure.
    ("privacy",),
    # Pages and endpoints over several domains; backups and migrations.
    ("core", "admin", "api", "maintenance", "migrations", "audit_pages"),
    # Wiring: the shipped kinds, demo data, the command line, the application.
    ("kinds",),
    ("demo",),
    ("cli",),
    ("app_setup",),
    ("extension",),
    ("app",),
    ("cartif_lms",),
)
