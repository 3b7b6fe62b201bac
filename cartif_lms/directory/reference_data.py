"""The CAREC members and the default negotiating areas, loaded by ``lms init-db``.

Both are data, not code: once loaded, analysts may edit them (a WTO accession, a renamed
protocol) and ``init-db`` never overwrites an edited row.
"""

from ..i18n import N_
from .models import WTOStatus

#: (alpha-2, alpha-3, name, WTO status, note) — from domain.md, WTO accession records. The names
#: are marked for translation: pages show them with the ``lms_country`` filter.
CAREC_COUNTRIES = (
    ("AF", "AFG", N_("Afghanistan"), WTOStatus.member, "member since 2016"),
    ("AZ", "AZE", N_("Azerbaijan"), WTOStatus.acceding, "acceding; working party since 1997"),
    ("CN", "CHN", N_("People's Republic of China"), WTOStatus.member, "member since 2001"),
    ("GE", "GEO", N_("Georgia"), WTOStatus.member, "member since 2000"),
    ("KZ", "KAZ", N_("Kazakhstan"), WTOStatus.member, "member since 2015"),
    ("KG", "KGZ", N_("Kyrgyz Republic"), WTOStatus.member, "member since 1998"),
    ("MN", "MNG", N_("Mongolia"), WTOStatus.member, "member since 1997"),
    ("PK", "PAK", N_("Pakistan"), WTOStatus.member, "member since 1995"),
    ("TJ", "TJK", N_("Tajikistan"), WTOStatus.member, "member since 2013"),
    (
        "TM",
        "TKM",
        N_("Turkmenistan"),
        WTOStatus.acceding,
        "acceding; observer 2020, working party 2022",
    ),
    ("UZ", "UZB", N_("Uzbekistan"), WTOStatus.acceding, "acceding; status to be confirmed"),
)

#: (code, name, description): the Framework Agreement and the initial protocols as expected;
#: the official protocol list is not yet published, so this is editable data.
DEFAULT_NEGOTIATING_AREAS = (
    ("FA", "Framework Agreement", "Institutional and legal provisions."),
    ("TF", "Trade Facilitation", "Customs procedures and transit."),
    ("SPS", "Sanitary and Phytosanitary Measures", "Food safety, animal and plant health."),
    ("TBT", "Technical Barriers to Trade", "Standards, conformity assessment, mutual recognition."),
    ("SRV", "Trade in Services", "Domestic regulation of services."),
    ("INV", "Investment Facilitation", "Transparency and streamlined investment procedures."),
    ("MBP", "Movement of Business Persons", "Temporary entry of business people and providers."),
    ("DT", "Digital Trade", "Paperless trade, e-documents and data."),
)
