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
        r"(?:ich )?(?:will|mag|kann) (?:einfach |echt |wirklich |halt |so )?nicht mehr\b"
        r"(?! (?:kommen|zahlen|warten|schreiben|sms|erinnerung\w*|nachricht\w*|termin\w*|"
        r"so oft|hin|da hin|dorthin|in die praxis))",
        r"(?:besser|einfacher|leichter|egal)\w*(?: \w+){0,4} wenn ich (?:einfach |endlich )?"
        r"(?:weg|nicht mehr da|nicht da|tot|nicht mehr hier|nicht mehr) (?:ware|waere|bin|sein)",
        r"(?:einfach |fur immer |fuer immer )?verschwinden (?:will|mochte|moechte|wurde)|"
        r"(?:will|mochte|moechte|wurde) (?:\w+ ){0,2}(?:fur immer |fuer immer )?verschwinden",
        r"(?:wozu|warum|wofur|wofuer) (?:ich )?(?:uberhaupt |ueberhaupt |eigentlich )?noch "
        r"(?:da|hier|am leben) bin|(?:wozu|warum) (?:ich )?(?:uberhaupt |ueberhaupt )?noch lebe",
        r"lebensmu(?:e)?de|(?:mu|mue)de vom leben|das leben satt|(?:fur|fuer) immer schlafen",
        r"nicht mehr aufwachen|keinen sinn mehr|hat (?:alles )?keinen sinn mehr",
        r"(?:ware|waere|war|bin) (?:\w+ )?(?:lieber|besser|am besten) tot|"
        r"lieber tot (?:sein|ware|waere)|(?:ich )?(?:ware|waere|war) (?:gern |gerne )?tot",
    ),
    "active": (
        r"(?:mich|mir) (?:selbst )?(?:umbringen|umzubringen|toten|toeten|das leben nehmen|"
        r"etwas antun|was antun)",
        r"selbstmord\w*|suizid\w*|freitod",
        r"allem ein ende (?:setzen|machen)|(?:mein leben|alles) beenden",
    ),
    "finality": (
        r"abschiedsbrief\w*|lebt (?:alle )?wohl|ich verabschiede mich (?:von euch|fur)",
        # survival made conditional: "ich komme morgen, falls ich dann noch da bin"
        r"(?:falls|wenn|sofern) ich (?:dann |morgen |bis dahin |da )?(?:noch|uberhaupt noch) "
        r"(?:da|hier|am leben|lebe)\b",
    ),
    "burden": (
        r"ich bin (?:nur |allen |euch )?(?:eine )?last",
        r"(?:fur|fuer) (?:alle|euch|jeden|meine familie|alle anderen) (?:nur )?(?:noch )?eine last|"
        r"(?:nur noch|bloss noch) eine last|(?:allen|euch|jedem) zur last",
        r"keine (?:kraft|hoffnung) mehr|hoffnungslos\w*|ausweglos\w*|keinen ausweg",
        r"ohne mich (?:waren|waeren|ware|waere) (?:alle|es|ihr)",
    ),
    "self_harm": (
        r"(?:mich )?ritzen|ritze mich|(?:mich|mir) (?:selbst )?(?:verletzen|schneiden)",
        r"(?:mich|mir) (?:\w+ ){0,2}(?:geritzt|selbst verletzt|in den arm geschnitten|"
        r"geschnitten)|selbstverletz\w*",
    ),
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
