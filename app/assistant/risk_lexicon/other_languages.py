"""The same categories in the languages a clinic's clients also write in though the
interface does not speak them: German (clinics in Germany, in ASCII form, umlauts folded)
and Arabic (read from the unfolded text). The app cannot act on these messages, but a
crisis in them must still reach a person at once; the phrasings are the common ones of
the Columbia scale's categories and of public warning-sign lists (TelefonSeelsorge,
WHO), not sentences from any corpus."""

from __future__ import annotations

_PARTNER_DE = r"(?:mann|ehemann|freund|partner|vater|bruder|ex|exfreund|exmann)"

GERMAN: dict[str, tuple[str, ...]] = {
    "wish_dead": (
        r"(?:ich )?(?:will|mochte|moechte|mag|wurde|wuerde) (?:gern |lieber |einfach )?"
        r"(?:sterben|tot sein|nicht mehr (?:leben|da sein|hier sein|aufwachen))",
        r"ich (?:will|mag) nicht mehr(?: leben| sein| weiter| alles|$)",
        r"lebensmu(?:e)?de|(?:mu|mue)de vom leben|das leben satt|(?:fur|fuer) immer schlafen",
        r"nicht mehr aufwachen|keinen sinn mehr|hat (?:alles )?keinen sinn mehr",
    ),
    "active": (
        r"(?:mich|mir) (?:selbst )?(?:umbringen|umzubringen|toten|toeten|das leben nehmen|"
        r"etwas antun|was antun)",
        r"selbstmord\w*|suizid\w*|freitod",
        r"allem ein ende (?:setzen|machen)|(?:mein leben|alles) beenden",
    ),
    "finality": (r"abschiedsbrief\w*|lebt (?:alle )?wohl|ich verabschiede mich (?:von euch|fur)",),
    "burden": (
        r"ich bin (?:nur |allen |euch )?(?:eine )?last",
        r"ohne mich (?:waren|waeren|ware|waere) (?:alle|es|ihr)",
    ),
    "self_harm": (r"(?:mich )?ritzen|ritze mich|(?:mich|mir) (?:selbst )?(?:verletzen|schneiden)",),
    "threatened": (
        r"(?:schlagt|schlaegt|schlug|verprugelt|verpruegelt|bedroht|wurgt|wuergt|tritt) mich",
        _PARTNER_DE + r"\w* (?:hat )?mich (?:geschlagen|bedroht|verletzt|gewurgt|gewuergt)",
        r"(?:habe|hab) angst (?:vor (?:ihm|ihr|meinem|meiner)|um mein leben)",
    ),
}

# Arabic, unfolded (hamza forms optional).
ARABIC: tuple[str, ...] = (
    r"[اأإ]ريد [اأ]ن [اأ]موت",
    r"(?:بدي|ابي|أبي|اريد|أريد) (?:[اأ]موت|انتحر|أنتحر)",
    r"ا?ل?انتحار|[اأ]نتحر",
    r"[اأ]قتل نفسي",
    r"لا [اأ]ريد [اأ]ن [اأ]عيش|ما بدي عيش|ما ابي اعيش",
    r"[اأ]نهي حياتي",
    r"يضربني|ضربني|يهددني|هددني",
)
