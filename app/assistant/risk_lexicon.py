"""The risk screen's lexicon, by category, in English and Turkish (as data).

The categories follow the Columbia Suicide Severity Rating Scale (wish to be dead,
active ideation, method, intent and plan, preparatory behaviour) and the public warning
sign lists of the 988 Suicide & Crisis Lifeline, the American Foundation for Suicide
Prevention and the WHO (talk of being a burden, of being trapped, of no reason to live,
of sleeping forever; giving possessions away; saying goodbye; a sudden finality), plus
harm to others, command hallucinations and threats against the client (sources in
docs/decisions.md). They are written for the structure of the language, not for
sentences: a subject or object ("myself", "kendimi"), a wish or intent verb, a means.

Patterns read `textprep`'s ASCII form (Turkish letters folded: "ölmek" is "olmek").
Turkish stems are written so that case and person endings pass (`\\w*`); forms whose
ASCII spelling is also an everyday word ("öldü"/"oldu", "ölüm"/"olum" for "oğlum") are
left out of the ASCII table and read from the Turkish spelling in `FOLDED`.
`IDIOMS` are removed before the screen runs: figures of speech that use the words of
death without meaning it ("açlıktan ölüyorum", "my phone died", "I'd kill for a coffee").
"""

from __future__ import annotations

# Pronouns and fillers the patterns allow between words.
_ME = r"(?:my ?self|me)"
_GAP = r"(?: \w+){0,3}"  # up to three words in between

CATEGORIES: dict[str, tuple[str, ...]] = {
    # C-SSRS 1: wish to be dead, not to exist, to sleep and not wake.
    "wish_dead": (
        r"(?:run out of|no more|out of|lost all my) reasons",
        r"(?:nothing|hicbir sey|hic bir sey)(?: \w+){0,2} (?:will|is going to|ever)? ?(?:get "
        r"better|improve|change|duzel|iyiles|degis)\w*",
        r"(?:denemenin|cabalamanin|ugrasmanin|savasmanin|calismanin|yasamanin) (?:bir )?(?:anlami|"
        r"anlam|faydasi)",
        r"not going on|(?:stop|stopping) going on",
        r"(?:the )?dark (?:thoughts|stuff|place|times|feelings|cloud)(?: \w+){0,4} (?:back|"
        r"again|returned|returning)",
        r"(?:karanlik|kotu|o) (?:dusunce|hisler|dusunceler)\w*(?: \w+){0,2} (?:geri|yine|"
        r"tekrar)\w*",
        r"(?:bottom of a (?:well|pit|hole)|walls (?:are )?closing in|nobody is coming|noone "
        r"is coming|no one is coming)",
        r"(?:dipteyim|dibe vurdum|kuyunun dibi\w*|duvarlar (?:ustume|uzerime) geliyor)",
        r"(?:hala|hale) (?:burada|burda|hayatta|yasiyor|nefes aliyor) oldugum\w*",
        r"(?:angry|disappointed|annoyed|upset|sad|gutted|furious|frustrated) (?:that|to "
        r"be|i am|im|to still be)(?: still)? (?:here|alive|breathing|waking up)",
        r"still (?:here|alive|breathing) (?:unfortunately|sadly|somehow|for now)",
        r"(?:do not|dont|cannot|cant|no longer) see (?:the |any |a )?(?:point|future|way "
        r"out|way forward|end to this|light|reason)",
        r"whats the point(?: \w+){0,3}",
        r"nothing (?:matters|is worth it)(?: any ?more)?",
        r"(?:researching|googling|googled|searched|searching|looked up|looking up|reading "
        r"about|read about) (?:\w+ ){0,2}(?:how|ways|methods|painless|lethal|what happens)",
        r"(?:painless|quickest|easiest|quick|best) (?:way|ways|method) (?:to|of) (?:die|"
        r"dying|go|end|do it|kill)",
        r"(?:ways|how) to (?:die|end it|kill (?:my ?self|yourself|oneself))",
        r"(?:hayattan|gelecekten|yarindan) (?:\w+ )?(?:bir sey|hicbir sey|umut) (?:beklemiyorum|"
        r"kalmadi)",
        r"(?:hayatimin|yolun|her seyin) sonuna (?:geldim|geldigimi|geldik)",
        r"(?:bu )?dunyada (?:fazlalik|yerim yok|bana yer yok|fazlayim)\w*",
        r"bu dunyaya ait degilim",
        r"(?:obur|diger|ote) (?:tarafta|dunyada) (?:gorusuruz|bulusuruz)",
        r"(?:on the )?other side(?: of this| of it)? (?:see you|we will meet)|see you on "
        r"the other side",
        r"(?:saliya|yarina|haftaya|pazartesiye|carsambaya|persembeye|cumaya|cumartesiye|"
        r"pazara|o gune|seansa|randevuya|aksama|sabaha) (?:\w+ )?(?:cikarsam|kalirsam|ulasirsam|"
        r"cikabilirsem|dayanabilirsem)",
        r"part of me (?:hopes|hoped|wants|wanted|wishes|wished|would not mind|wouldnt mind)",
        r"(?:hope|hoping|hoped|wish|wishing) (?:\w+ ){0,4}(?:hits me|hit me|would hit me|"
        r"does not stop|doesnt stop|did not stop|didnt stop|kills me|would kill me|takes "
        r"me|crashes|would crash)",
        r"(?:would not|wouldnt|do not|dont) (?:mind|care) (?:if )?(?:i )?(?:died|dying|dead|"
        r"not waking|getting hit|got hit|if something happened to me|if i did not wake)",
        r"(?:picturing|imagining|thinking about|think about|thought about|dreaming about|"
        r"dream about|fantasi[sz]ing about|obsessing about|planning) (?:\w+ ){0,2}(?:jumping|"
        r"falling|crashing|drowning|hanging|cutting|dying|being dead|the bridge|the tracks|"
        r"the pills|overdos\w*|not waking|my funeral|ending it|stepping|the edge|the roof|"
        r"the rope)",
        r"(?:not sure|do not know|dont know|doubt|wonder) (?:if |whether |that )?(?:i will|"
        r"ill|i am going to|i ll)? ?(?:see|make it to|live to see|be alive|be around|be "
        r"here) (?:on |for |by |till |until )?(?:monday|tuesday|wednesday|thursday|friday|"
        r"saturday|sunday|tomorrow|next week|the weekend|then|christmas|new year|that day|"
        r"the session)",
        r"(?:bir araba|araba|bir kamyon|tir|bir sey) (?:\w+ ){0,2}(?:carpsa|carpsin|ezse|"
        r"olsa da kurtulsam)",
        r"(?:gunu|gunleri|yarini|haftayi|haftaya|pazartesiyi|saliyi|carsambayi|persembeyi|"
        r"cumayi|cumartesiyi|pazari|sabahi|yilbasini|o gunu|seansi|randevuyu)(?: \w+){0,2} "
        r"(?:gorecek miyim|gorecegimi|goremeyebilirim|goremeyecegim|gorebilir miyim|cikarir "
        r"miyim|cikaracagimi)",
        r"(?:atlamayi|dusmeyi|olmeyi|asmayi|bogulmayi|kesmeyi|carpmayi|birakmayi|yok olmayi|"
        r"gitmeyi|bitirmeyi) (?:\w+ ){0,2}(?:dusun|hayal|planl|kurdum|aklimdan)\w*",
        r"(?:want|wanted|wanna|wish|wishing|long|longing|ready|going|gonna) (?:\w+ )?to "
        r"(?:die|be dead|not exist|stop existing|cease to exist|not be here|disappear forever|"
        r"not wake up|never wake up|sleep forever|not be alive)",
        r"wish (?:i|that i) (?:was|were|had) (?:dead|gone|never been born|not born|not here|"
        r"not alive|not around|never existed|died)",
        r"(?:do not|dont|no longer|not) (?:want|wish|care) to (?:be alive|live|exist|be here|"
        r"wake up|go on|be around|keep going|carry on)",
        r"(?:tired|sick|exhausted|weary) of (?:living|existing|being alive|life|being here|"
        r"it all|everything|waking up|trying)",
        r"(?:sleep|go to sleep|fall asleep)(?: \w+){0,2} (?:forever|and never wake|and not wake|"
        r"for good|for ever)",
        r"(?:never|not|would not|wouldnt) (?:want to )?wake up",
        r"not wake up",
        r"(?:dead|gone|not here|not around|not alive) (?:would be|is) (?:better|easier)",
        r"(?:rather|prefer to) (?:be dead|die|not exist|not be here)",
        r"stop existing",
        r"(?:disappear|vanish) (?:forever|for good|for ever|completely)",
        r"(?:life|living|everything|it) (?:is|feels|seems) (?:not worth|pointless|meaningless)",
        r"not worth (?:living|it any ?more|going on)",
        r"(?:no|not any|dont see any|do not see any|lost (?:my|all|any)|what is the|whats the) "
        r"(?:reason|point|purpose) (?:to|in|of|for) (?:live|living|life|go on|going on|"
        r"carry on|carrying on|anything|being here|existing|trying|waking up)",
        r"(?:no|not any) (?:reason|point) (?:any ?more|left)",
        r"(?:how|what) (?:it would|would it) (?:be|feel) (?:like )?(?:to|if i) (?:die|not exist|"
        r"were dead|was dead|was gone|were gone|disappear)",
        r"(?:thinking|think|thought|thoughts) (?:about|of) (?:dying|death|not existing|"
        r"being dead|not being here|not waking|my funeral|disappearing)",
        r"(?:olmek|olmeyi|olmeye|olmeliyim|olsem|olseydim|olsemde|olup gitsem|olup gitmek)"
        r"(?: \w+)?",
        r"olme (?:istegi|dusunce)\w*",
        r"(?:yasamak|yasamayi|yasamaya|var olmak|varolmak|var olmayi|nefes almak|uyanmak) "
        r"(?:\w+ )?(?:istemiyorum|istemiyom|istemiom|istemem|istemiyorum artik)",
        r"(?:yasamak|yasamaktan|yasamaktan|varolmaktan|var olmaktan|hayattan|nefes almaktan|"
        r"uyanmaktan|her seyden|her seyden) (?:\w+ )?(?:biktim|yoruldum|sikildim|usandim|"
        r"bezdim|tukendim)",
        r"keske (?:\w+ )?(?:olsem|olseydim|hic dogmasaydim|dogmasaydim|hic olmasaydim|"
        r"olmasaydim|yok olsam|kaybolsam|uyanmasam|hic var olmasaydim)",
        r"(?:yok olmak|yok olup|kaybolmak|ortadan kaybolmak|ortadan kalkmak|yok olsam|"
        r"kaybolup gitmek|kaybolup gitsem|gozden kaybolmak)\w*(?: \w+)?",
        r"(?:bir daha |hic )?uyanma(?:sam|mak|yayim|mayi|masam)\w*",
        r"uyuyup (?:bir daha |hic )?uyanma\w*",
        r"(?:sonsuza (?:kadar|dek)|ebediyen) uyu\w*",
        r"(?:yasamanin|yasamamin|hayatin|hayatimin|yasamin|hicbir seyin|her seyin) "
        r"(?:\w+ )?(?:anlami|bir anlami|anlam|degeri|tadi) (?:yok|kalmadi)",
        r"yasamaya degmez",
        r"(?:yasamak|yasamak icin) (?:bir )?(?:sebep|neden)\w* (?:yok|kalmadi)",
    ),
    # C-SSRS 2: active thoughts of killing oneself.
    "active": (
        r"(?:afraid|scared|frightened|worried|terrified) (?:of )?what i (?:might|could|will|"
        r"may|would) do",
        r"(?:ne yapacagimdan|kendime ne yapacagimdan) (?:korkuyorum|endiseliyim)",
        r"(?:do not|dont|cannot|cant|no longer) trust (?:my ?self|me)",
        r"kendime (?:guvenmiyorum|guvenemiyorum)",
        r"suicid\w*",
        r"kill(?:ing|ed)? " + _ME,
        r"kms",
        r"unalive\w*",
        r"end(?:ing)? (?:it all|my life|my own life|everything|things|it tonight|my pain|"
        r"it for good|it once and for all|my suffering|myself)",
        r"(?:take|taking|took) my (?:own )?life",
        r"(?:do|doing) (?:something|anything) (?:stupid|to " + _ME + r")",
        r"not (?:be )?(?:safe|trust) (?:with|around|from) " + _ME,
        r"(?:cannot|can not|could not|cant|unable to|not able to) keep " + _ME + r" safe",
        r"end it",
        r"intihar\w*",
        r"kendimi (?:oldur|as|asar|asacag|asmak|asmayi|ast|kes|yak|zehirle|atmak|atarim|"
        r"atacag|atica|bitir|yok et|oldurm|oldurec|oldure)\w*",
        r"canima (?:kiy|son ver)\w*",
        r"(?:hayatima|hayatimi|yasamima|hayatim) (?:son|bitir)\w*",
        r"(?:her seye|hersey|her seyi|hepsine|hayata|bu hayata|bu ise|bu acıya|acima) "
        r"(?:son ver|bitir|noktayi koy)\w*",
        r"(?:her seyi|hersey|herseyi|hepsini|bu isi|bu hayati) bitir(?:mek|ecegim|icem|cem|"
        r"eyim|meliyim|mek istiyorum|sem)\w*",
        r"kendimi (?:guvende hissetmiyorum|tutamiyorum|tutamayacagim|kontrol edemiyorum)",
        r"kendimden (?:korkuyorum|emin degilim)",
        r"aptalca bir sey yap\w*",
    ),
    # C-SSRS 3: method and means.
    "method": (
        r"(?:hose|hoses|exhaust|exhausts|car exhaust|garage door)\b",
        r"hold my weight|(?:agirligimi|beni) (?:tasir|tasiyip|kaldirir)\w*",
        r"(?:belt|kemer|cord|kablo|cable|scarf|esarp|ip|kordon)\w*(?: \w+){0,3} (?:bakip|"
        r"bakiyorum|staring|stared|hold|tutar mi|dayanir mi|boynum|neck|bogazim)\w*",
        r"(?:too many|how many|enough|kac tane|kac kutu|ne kadar|kac tanesi)(?: of)?(?: "
        r"my)?(?: \w+){0,2} (?:would|will|to|olur|oldurur|yeter|fazla gelir|kill|be too "
        r"many|be lethal|be enough|would be too)",
        r"(?:\d+|two|three|four|several|a few|few|months of|weeks of|iki|uc|dort|bes|alti|"
        r"birkac)(?: \w+){0,2} (?:kutu|boxes|bottles|packs|packets|months|weeks|strips|aylik)(?: "
        r"\w+){0,4} (?:pills|tablets|ilac|hap|meds|sleeping pills|sertraline|paracetamol)\w*",
        r"(?:bir|bi|one more|another) (?:kutu|box|bottle|pack) (?:daha|more)?(?: \w+){0,4} "
        r"(?:ilac|hap|pills|tablets)\w*",
        r"uyku (?:ilac|hap)\w*(?: \w+){0,3} (?:oldu|biriktir|sakla|kutu|topla|hepsi)\w*",
        r"(?:korkuluk|parmaklik|railing|parapet|ledge)\w*",
        r"(?:sat|stood|standing|sitting|sit|stand|walked|went|got) (?:right |just |all the "
        r"way )?(?:at|to|on|up to|onto) (?:the |a )?(?:very )?(?:edge|brink|railing|ledge)",
        r"(?:carparsa carpsin|ezerse ezsin|olursa olsun artik|olursam olurum|ne olursa olsun "
        r"artik)",
        r"(?:do not|dont|not|stopped|no longer|without) (?:even )?look(?:ing)? (?:when|before|"
        r"while) (?:i )?cross",
        r"(?:karsidan karsiya|yoldan|caddeden) (?:gecerken )?(?:\w+ )?(?:bakmiyorum|bakmadan)",
        r"(?:if|when) (?:a |the )?(?:car|bus|lorry|truck|train) (?:hits|hit) me(?: \w+){0,3} "
        r"(?:so be it|whatever|fine|good|i do not care|i dont care)",
        r"(?:bought|buying|got|picked up|stocked up on) (?:a lot of|loads of|extra|two boxes "
        r"of|boxes of|packs of|packets of|a few packs of|lots of|more) (?:paracetamol|pills|"
        r"tablets|painkillers|sleeping pills|meds)",
        r"took (?:everything|all of it|the lot|the whole lot) (?:in|from) the (?:cupboard|"
        r"cabinet|drawer|box|bathroom)",
        r"(?:pills|tablets|meds|painkillers|paracetamol)(?: \w+){0,4} (?:with|and) (?:vodka|"
        r"alcohol|whiskey|wine|gin|rum|a bottle)",
        r"(?:vodka|alcohol|whiskey|wine|gin|rum|bottle)(?: \w+){0,4} (?:and|with) (?:the "
        r"|my |all my )?(?:pills|tablets|meds|painkillers)",
        r"(?:watching|watch|watched) (?:the )?(?:trains|trains go|trains pass|cars go by|"
        r"traffic go by|waves|water)",
        r"(?:staring|stare|stared|looking|looked|look) (?:down )?(?:at|into) (?:the |my "
        r"|a )?(?:pills|pill bottles?|tablets|meds|medication|knife|knives|razor|razors|"
        r"blade|blades|rope|gun|tracks|water|drop|edge)",
        r"(?:ended up|found myself|walked|went|sat|sitting|sit|stood|standing|stand|climbed|"
        r"up) (?:up |out |back )?(?:on|onto|to|at|by|near|over) (?:the |a |my )?(?:bridge|"
        r"roof|rooftop|edge|ledge|cliff|tracks|railway|railway line|top floor|top of|multi "
        r"?storey|parapet)",
        r"(?:on|onto|up on) (?:the |my )?(?:roof|rooftop)",
        r"(?:on|by|near|next to|beside) the (?:tracks|railway line|rails|train tracks)",
        r"(?:looked|looking|staring|stared|look) (?:straight )?down",
        r"(?:cati|catiya|catida|catidayim|catiya ciktim|catinin)\w*(?: \w+){0,2} (?:cik|"
        r"otur|dur|bekl|kenar|bak)\w*",
        r"(?:catiya|catidayim|catida oturuyorum|catiya ciktim)",
        r"asagi (?:\w+ )?(?:bak|baktim|bakiyorum|bakip|sarkt)\w*",
        r"asagisi",
        r"(?:ray|raylar|raylarin|tren yolu|tren yolunun|demiryolu)\w* (?:\w+ )?(?:yaninda|"
        r"ustunde|kenarinda|uzerinde|basinda|onunde)",
        r"(?:kopru|kopruye|kopruden|koprude|koprunun|ucurum|ucurumun|balkonun|catinin|pencerenin)\w"
        r"* (?:\w+ ){0,2}(?:durdum|durdum uzun|kenarinda|ucunda|korkulu|parmakli|bekledim|"
        r"oturdum|oturuyorum|sarktim)\w*",
        r"(?:gaz\w*|tupu?n?u?) (?:\w+ )?acip",
        r"(?:ocagin|ocak|tupun) gaz\w*",
        r"(?:bicak|bicagi|bicakla|jilet|makas)\w* (?:\w+ ){0,3}(?:yatag|yastig|yanimda|altinda) "
        r"?\w*",
        r"(?:sleeping|sleep|slept|keep|keeping|kept) with a (?:knife|blade|razor|gun)",
        r"over ?dos\w*",
        r"(?:took|take|taking|swallow\w*|down(?:ed)?) (?:all|every one of|a (?:whole )?"
        r"(?:bottle|box|pack|packet|handful)|the whole (?:bottle|box|pack|packet)|too many|"
        r"a lot of|loads of|enough)(?: of)?(?: my| the| those| these)? "
        r"(?:pills|tablets|meds|medication|sleeping pills|painkillers|paracetamol)",
        r"(?:saved|saving|stockpil\w*|hoard\w*|collect\w*|gather\w*|stash\w*|enough) (?:up )?"
        r"(?:\w+ )?(?:pills|tablets|meds|medication|sleeping pills|painkillers|paracetamol)",
        r"(?:pills|tablets|meds|medication|sleeping pills|painkillers) (?:saved|stashed|"
        r"hidden|ready|lined up|collected)",
        r"(?:enough|how many) (?:pills|tablets|meds|paracetamol)",
        r"(?:bought|buy|got|have|found|buying|tied|tie) (?:a |some |the )?(?:rope|noose|"
        r"ligature)",
        r"noose",
        r"hang(?:ing|ed)? " + _ME,
        r"(?:razor|razors|blade|blades)",
        r"cut(?:ting)? (?:my )?(?:wrist|wrists|arms?|legs?|thighs?|deeper|myself)",
        r"(?:jump|jumping|jumped|throw " + _ME + r"|step|stepping|stepped|walk|walked|"
        r"walking|lie|lay|lying) (?:off|from|in front of|under|into|onto|down on|out of)"
        r"(?: the| a| my)? (?:bridge|roof|building|balcony|window|cliff|train|tracks|rails|"
        r"platform|traffic|lorry|truck|bus|car|sea|river|water|lake|edge|ledge|top floor|"
        r"tower)",
        r"(?:stood|standing|stand|sat|sitting|looked down|looking down) (?:on|at|by|over|"
        r"from)(?: the)? (?:bridge|edge|ledge|roof|railing|tracks|platform edge|cliff)",
        r"(?:how (?:high|tall|far down|deep)|high enough|tall enough|deep enough)",
        r"(?:crash|crashing|drive|driving|drove|steer|swerve|swerving) (?:the |my )?"
        r"(?:car )?(?:into|off|in front of|head on)(?: a| the| an)? (?:wall|tree|bridge|"
        r"lorry|truck|oncoming|traffic|cliff|barrier|pillar|river|sea|bus)",
        r"crash (?:the|my) car",
        r"(?:drown|drowning|drowned) " + _ME,
        r"walk into the (?:sea|river|water|lake|traffic)",
        r"(?:bought|buy|got|get|have|has|found|buying|getting|borrow\w*) (?:a |my \w+'?s? |"
        r"the |his |her )?(?:gun|pistol|rifle|shotgun|firearm|weapon)",
        r"(?:gas oven|carbon monoxide|exhaust fumes|charcoal|gas on|turn on the gas|"
        r"left the gas)",
        r"(?:bleach|poison|antifreeze|rat poison)",
        r"(?:ilac|hap|ilaclar|haplar|ilaclari|haplari|ilaclarin|haplarin|ilaclarimi|"
        r"haplarimi|ilaclarimin|haplarimin|uyku hap|agri kesici|antidepresan)\w* "
        r"(?:\w+ ){0,2}(?:biriktir|sakla|topla|hepsini|tumunu|tamamini|kutusunu|ictim|"
        r"icsem|icecegim|icicem|yuttum|yutsam|yutacagim|bir kerede|hazir)\w*",
        r"(?:hepsini|tumunu|kutuyu|kutusunu|tamamini) (?:birden |bir kerede )?(?:ictim|"
        r"yuttum|icsem|yutsam|icecegim|icicem|yutacagim)",
        r"(?:biriktirdigim|biriktirdim|sakladigim|topladigim) (?:\w+ )?(?:ilac|hap)\w*",
        r"asiri doz\w*",
        r"(?:ip|urgan|kement) (?:aldim|hazirla|buldum|bagla|aldim bile|astim|geçir|gecir)\w*",
        r"(?:jilet|bicak|ustura|cam parcasi)\w*(?: \w+){0,3} (?:kes|kesmek|kestim|kesecegim|"
        r"aldim|sakla|hazir|bilek)\w*",
        r"(?:bilek|bileklerimi|bilegimi|kolumu|kollarimi|bacagimi|bacaklarimi)\w* (?:kes|"
        r"jilet)\w*",
        r"(?:kopru|kopruden|kopruye|koprunun|koprude|balkon|balkondan|pencere|pencereden|"
        r"cati|catidan|catiya|yuksek bir yer|yuksekten|ucurum|ucurumdan|binanin|bina|"
        r"tepeden|kuleden)\w*(?: \w+){0,4} (?:atla|at|birak|dus|atil|ucmak|bakip)\w*",
        r"(?:trenin|tren|metronun|metro|raylara|rayların|raylarin|ray|tir|tirin|kamyon|"
        r"kamyonun|otobusun|arabanin)\w* (?:\w+ )?(?:altina|onune|ustune) "
        r"(?:atla|at|birak|yat|gir|dus|atil)\w*",
        r"raylara\w*",
        r"(?:arabayi|arabami|direksiyonu) (?:\w+ ){0,3}(?:carp|sur|kir|uçur|ucur|duvara|"
        r"agaca|karsi seride)\w*",
        r"(?:denize|nehre|suya|gole) (?:\w+ ){0,2}(?:yuru|gir|atla|birak)\w*",
        r"(?:bogul|bogmak)\w* (?:istiyorum|isterdim|icin|kendimi)",
        r"kendimi (?:suya|denize) \w*",
        r"(?:silah|tabanca|tufek|ruhsatsiz)\w* (?:\w+ ){0,2}(?:aldim|buldum|almak|alacagim|"
        r"var|edindim|sakli|dolu|hazir|ariyorum|nereden)\w*",
        r"(?:babamin|kocamin|abimin|evdeki) (?:silah|tabanca|tufek)\w*",
        r"(?:tupu|gazi|ocagi) (?:acik|actim|acmak|acacagim|acip)\w*",
        r"(?:fare zehiri|zehir|camasir suyu)\w*",
        r"kendimi (?:bir yerden |buradan |oradan )?(?:asag|bosluga|denize|yola)\w*",
    ),
    # C-SSRS 4-5: intent, plan, timing.
    "plan": (
        r"(?:rehears\w*|practi[cs]\w*|going over|picture|picturing)(?: \w+){0,2} how (?:i|"
        r"id|i would|i will|ill|i d)(?: \w+){0,1} do it",
        r"how (?:i would|id|i will|ill|i d|to) do it",
        r"(?:planim|planimi|plani) (?:yaptim|kurdum|hazir)",
        r"(?:hallederim|bitiririm|yaparim) diye plan",
        r"(?:tarih\w*|gunu|gun\w*) (?:bile )?(?:sectim|belirledim|kararlastirdim)",
        r"(?:picked|chose|chosen|set) (?:a |the )?(?:date|day)",
        r"(?:evde|yalniz|tek) (?:tek )?(?:kalicam|kalacagim|kalinca)(?: \w+){0,4} (?:hallederim|"
        r"yaparim|bitiririm|firsat)",
        r"(?:o zaman|o gece|o gun) (?:hallederim|yaparim|bitiririm)",
        r"by the time (?:you|anyone|someone|somebody|they|she|he) (?:read|reads|see|sees|"
        r"get|gets|find|finds) this",
        r"(?:bunu )?(?:okudugunuzda|okudugunda|okuyunca|gordugunuzde) (?:ben )?(?:\w+ )?(?:olmayac"
        r"agim|gitmis olacagim|cok gec|gec olacak)",
        r"(?:bir yere|uzaklara|cok uzaga) (?:\w+ )?(?:gidecegim|gidicem|gidiyorum)(?: \w+){0,3} "
        r"(?:donmeyecegim|donmicem|geri donmeyecegim|donmem)",
        r"(?:geri |bir daha )?(?:donmeyecegim|donmicem)",
        r"(?:made|have|got|make|making|worked out|figured out) (?:a |the |my )?plans? "
        r"(?:to (?:die|end|do it|kill)|for (?:tonight|how|when|it))",
        r"(?:i|ive|i have) (?:decided|made up my mind) (?:to (?:end|go|do it|die|leave)|"
        r"how|when)",
        r"(?:know|decided|worked out|figured out) (?:how|when|where) (?:i (?:will|am going to|"
        r"would|could) )?(?:do it|end it|to do it|to end it)",
        r"(?:tonight|today|this weekend|tomorrow) (?:is|will be) the (?:night|day)",
        r"when i (?:do it|go|am gone|m gone)",
        r"(?:going|gonna|plan|planning|ready) to do it",
        r"(?:set|picked|chosen|chose) (?:a |the )?date",
        r"(?:planim|planimi) (?:var|hazir|yaptim|kurdum)",
        r"(?:kararimi|kararim) (?:verdim|kesin|net)",
        r"nasil (?:yapacagimi|yapacagim|bitirecegimi|olecegimi)",
        r"(?:bu gece|bu aksam|yarin|hafta sonu) (?:yapacagim|yapicam|bitirecegim|bitiricem|"
        r"bitecek|son)\b",
        r"(?:ne zaman|nerede) yapacagimi",
    ),
    # Preparatory acts: giving away, farewells, wills, care for dependants.
    "preparing": (
        r"(?:made|making|make) peace with (?:everyone|everybody|all)|all squared away|(?:tied|"
        r"tying) up (?:all )?(?:the )?loose ends",
        r"(?:called|calling|rang|texted) (?:everyone|everybody) (?:i|id|i had|i have|to)",
        r"(?:sifre|sifreler|sifrelerimi|passwords?|pin numbers?)\w*(?: \w+){0,4} (?:biraktim|"
        r"birakacagim|verdim|zarf|left|leave|envelope|wrote down|yazdim)",
        r"(?:kimseye|kimseye hic) borcum kalma\w*",
        r"(?:paid off|paying off|settled) (?:what|everything) i owe",
        r"(?:what i want|wishes|arrangements) for (?:the|my) funeral",
        r"(?:bana|basima) (?:bir ?sey|bisey|bi sey|bir sey) (?:olursa|gelirse)",
        r"(?:emanet|birak)\w*(?: \w+){0,3} (?:bana bisey|bana bir sey|olursa)",
        r"you were the only one (?:who|that)",
        r"(?:her sey icin|for everything)(?: \w+){0,6} (?:hosca kal|elveda|veda|artik|olmicam|"
        r"olmayacagim|goodbye|farewell|take care|only one|wont need|will not need)\w*",
        r"(?:hosca kal|elveda|goodbye|farewell)\w*(?: \w+){0,6} (?:her sey icin|for everything)",
        r"(?:gave|giving|give|given|rehomed|rehoming) (?:away )?(?:my|our) (?:dog|cat|pets?|"
        r"bird|birds|fish|rabbit|parrot|hamster|kids? stuff)",
        r"tell (?:\w+ ){0,3}(?:goodbye|farewell|i said goodbye|i love (?:them|her|him))",
        r"(?:bir daha|artik) (?:kimseyi |sizi |seni |hicbirinizi )?rahatsiz (?:etmeyecegim|"
        r"etmicem)",
        r"(?:will not|wont|never) (?:bother|trouble|disturb) (?:you|anyone|anybody|you all) "
        r"(?:\w+ )?(?:again|anymore|any more|ever)",
        r"(?:will not|wont|not going to) be a (?:problem|bother|burden|worry) (?:for|to) "
        r"(?:anyone|anybody|you|them|you all) (?:much )?(?:longer|anymore|any more|soon)",
        r"son kez (?:yaziyorum|mesaj|goruyorum|gorusuyoruz|konusuyoruz|yazdigim|sesleniyorum)\w*",
        r"for the (?:very )?last time(?! (?:i checked|i looked|we met))",
        r"(?:ben )?(?:gidince|gittigimde|gittikten sonra|olmayinca|olmadigimda|oldugumde|"
        r"oldukten sonra|yok olunca)(?: \w+){0,3} (?:kedi|kopek|hayvan|cocuk|cicek|balik|"
        r"kus|bak|emanet|ilgilen)\w*",
        r"(?:when|after|once|if) (?:i am|im|i m) (?:gone|dead|not around|no longer here|"
        r"not here anymore)",
        r"if anything (?:happens|should happen) to me",
        r"beni (?:merak etmeyin|bulmaya calismayin|aramaya calismayin|aramayin artik)",
        r"beni (?:aramayin|aramayiniz)(?! \w* ?(?:mesaj|sms|yaz|whatsapp|e ?posta|mail))",
        r"(?:do not|dont) (?:try to )?(?:find|look for|come looking for|come after) me",
        r"thank you for trying",
        r"(?:artik |benim icin )?her ?sey bitti(?: artik| benim icin)",
        r"(?:artik|benim icin) her ?sey bitti",
        r"(?:it is|its|everything is) (?:all )?over for me",
        r"(?:giving|gave|give|given|handing|handed|left) (?:away |out )?(?:all |most of )?"
        r"(?:my|of my) (?:things|stuff|belongings|possessions|clothes|books|records|"
        r"plants|savings|money|jewel\w*)(?: away)?",
        r"(?:giving|gave|give) (?:\w+ )?away (?:my|all my)",
        r"(?:rehom\w*|new home for|someone to (?:look after|take care of|take|feed|keep)|"
        r"who will (?:look after|take care of|feed)|will look after|to look after|"
        r"to take care of|arranged for|make sure) (?:\w+ ){0,2}(?:my )?(?:cat|cats|dog|"
        r"dogs|pets?|kids|children|son|daughter|plants|fish|rabbit|parrot)",
        r"(?:wrote|written|writing|write|left|leave) (?:a |my |some )?(?:\w+ )?"
        r"(?:letters?|notes?|messages?) (?:to|for) (?:my (?:family|mum|mom|dad|kids|"
        r"children|sister|brother|partner|wife|husband|friends|parents)|everyone|everybody|"
        r"people|those|the people|whoever)",
        r"(?:goodbye|farewell) (?:letters?|notes?|messages?|texts?)",
        r"last (?:letters?|notes?|messages?|texts?) (?:to|for) (?:you|everyone|everybody|my)",
        r"(?:wrote|written|writing|made|updated|sorted|finished|did|done) (?:out )?(?:my|a) "
        r"will",
        r"(?:affairs|things|everything) in order",
        r"(?:closing|closed|close|cancel\w*|deleting|deleted|delete) (?:all )?(?:of )?my "
        r"(?:accounts|bank accounts|social media|instagram|facebook|profiles)",
        r"(?:paid off|paying off|settled|settling) (?:all )?my (?:debts|bills)",
        r"(?:say|saying|said|says) (?:my )?goodbyes?(?: to (?:everyone|everybody|you all|"
        r"you|all of you|the world|people))?",
        r"goodbye (?:forever|for good|for ever|everyone|world|all)",
        r"(?:this is|consider this|take this as) (?:my |a )?(?:goodbye|farewell)",
        r"(?:thank you|thanks) for (?:everything|all you have done|all youve done|all that you|"
        r"trying to help|trying|all your help|putting up with me)(?: \w+){0,4}"
        r"(?: goodbye| farewell| take care| forever| for everything| i am sorry| sorry| "
        r"forgive| you will not| you wont| in the end| it was not| it wasnt)",
        r"(?:wanted|want) (?:you )?to (?:know|say) (?:that )?(?:it is not|its not|it was not|"
        r"it wasnt) your fault",
        r"(?:look after|take care of) (?:my|them) for me",
        r"(?:esyalarimi|kitaplarimi|kiyafetlerimi|her seyimi|neyim varsa|esyalarim|"
        r"biriktirdiklerimi|mal varligimi)\w* (?:\w+ ){0,3}(?:dagit|ver|bagisla|birak|"
        r"hediye|paylastir|dagitt|verdim|verecegim|vericem)\w*",
        r"(?:kedimi|kedilerimi|kopegimi|kopeklerimi|hayvanlarimi|cocuklarimi|cicekler\w*|"
        r"baligimi|kusumu) (?:\w+ ){0,3}(?:emanet|bak|verdim|birak|sahiplendir|"
        r"ilgilen)\w*",
        r"(?:veda|vedalas|vedalasmak|vedalastim)\w*",
        r"vasiyet\w*",
        r"(?:veda|son|vedalasma) (?:mektup|not|mesaj)\w*",
        r"mektup\w* (?:yazdim|biraktim|yaziyorum|yazacagim|birakacagim)",
        r"(?:herkese|aileme|anneme|babama|esime|kardesime|cocuklarima|arkadaslarima|sevdiklerime)"
        r" (?:\w+ ){0,3}(?:mektup|not|veda|mesaj)\w*",
        r"(?:hesaplarimi|hesabimi|sosyal medya\w*|instagramimi|hesaplarimin) (?:\w+ )?"
        r"(?:kapat|sil|dondur)\w*",
        r"(?:borclarimi|borcumu|faturalarimi) (?:\w+ )?(?:odedim|kapattim|hallettim|"
        r"temizledim)",
        r"helal(?:lesmek|lestim|lesmeye|lesiyorum|lesmek istiyorum| edin| et|ligini)\w*",
        r"hakkini?z?i? helal et\w*",
        r"beni (?:unutmayin|unutmayin lutfen|hatirlayin|affedin)",
        r"(?:bana|beni) (?:katlandiginiz|dinlediginiz) icin",
        r"her sey icin (?:tesekkur|cok tesekkur|sagolun|minnettarim)\w*(?: \w+){0,4}"
        r"(?: hoscakalin| elveda| veda| affedin| hakkinizi| son| artik)",
        r"(?:hoscakalin|hosca kalin|elveda)(?: \w+){0,3}(?: herkes| sonsuza| artik| son|"
        r" bir daha)",
        r"elveda",
        r"sizin (?:sucunuz|hataniz) degil",
        r"kimsenin (?:sucu|hatasi) degil",
    ),
    # Finality: a last session, and survival made conditional.
    "finality": (
        r"(?:might|may|could|will|would|probably|prob) (?:well |just )?be (?:my|the|our) "
        r"(?:very )?last",
        r"(?:my|the|our) (?:very )?last (?:one|session|appointment|visit)(?: \w+){0,2} (?:anyway|"
        r"anyways|probably|maybe|ever|for good)",
        r"(?:will not|wont|not|never) (?:have to|need to|going to have to) (?:deal with|"
        r"put up with|worry about|see|listen to|bother with|hear from) (?:me|my) (?:\w+ "
        r")?(?:much )?(?:longer|for long|anymore|any more|again|after)",
        r"(?:being|been|be) (?:such |just |only |nothing but |so much of )?a burden",
        r"(?:my|the|our|this|probably|maybe|might be|could be) (?:very )?last "
        r"(?:session|appointment|time (?:you will|youll|we will|well|i will|ill) "
        r"(?:see|hear|talk)|time we (?:meet|see|talk|speak))",
        r"last (?:session|appointment) (?:ever|anyway|probably|for me)",
        r"(?:will not|wont|not going to|do not think i will|dont think i will|dont think ill|"
        r"might not|may not|probably will not|probably wont) (?:be (?:here|around|alive|"
        r"needing|coming back)|need (?:it|the session|any more sessions|another session|"
        r"another appointment)|see (?:you|next week|another)|make it to (?:next|the next|"
        r"then|tuesday|monday|wednesday|thursday|friday|saturday|sunday))",
        r"(?:will not|wont|not) be (?:around|here|alive) (?:much )?(?:longer|for long|"
        r"anymore|any more|by then|next week|tomorrow|to see)",
        r"(?:if|assuming|provided|as long as) (?:i am|im|i will be|ill be) (?:still )?"
        r"(?:alive|around|here|breathing|living|still alive)",
        r"(?:if|assuming) i (?:make it|last|live|survive|am still alive|get) "
        r"(?:that long|until|till|til|to|through|the week|the night)",
        r"(?:if|assuming) i (?:live|survive|last)",
        r"(?:if|assuming) (?:i am|im) still (?:here|around|alive|breathing)",
        r"(?:still )?(?:alive|around|here) by then",
        r"(?:should|shall|will|must) (?:i )?(?:still )?be (?:dead|gone) by",
        r"(?:last|final) (?:days|week|night|message|text|time)(?: \w+){0,2} "
        r"(?:on earth|alive|of my life|ever|forever|for me)",
        r"this is my last (?:message|text)",
        r"you will not (?:hear|see) (?:from )?me (?:again|anymore|any more)",
        r"(?:never|not) (?:see|hear from) me again",
        r"(?:o gune|o gune kadar|o zamana kadar|salıya kadar|oraya kadar|randevuya kadar|"
        r"seansa kadar)\w*(?: \w+){0,3} (?:yasarsam|yasiyor olursam|hayatta olursam|"
        r"sag kalirsam|buralarda olursam|dayanabilirsem|dayanirsam|kalirsam)",
        r"(?:yasarsam|hayatta olursam|sag kalirsam|sag olursam|yasiyor olursam|"
        r"hala hayattaysam|hayattaysam|nefes aliyorsam|buralarda olursam)",
        r"(?:son|sonuncu|en son) (?:seans|randevu|gorusme|bulusma|mesaj)\w*"
        r"(?: \w+){0,2} (?:olacak|olabilir|olur|belki|herhalde|zaten|sanirim|bu|bence)",
        r"(?:bu|belki bu|sanirim bu|herhalde bu) (?:benim )?(?:son|sonuncu) "
        r"(?:seans|randevu|gorusme|mesaj)\w*",
        r"bu (?:benim )?son (?:mesaj|yazdigim)\w*",
        r"(?:bir daha|artik) (?:beni )?(?:goremeyecek|goremezsiniz|gormeyecek|"
        r"duymayacak|duyamayacak|haber alamayacak|goremeyeceksin|gorusemeyecegiz|"
        r"gorusemeyiz)\w*",
        r"(?:beni|benden) (?:bir daha )?(?:goremeyecek|haber alamayacak)\w*",
        r"(?:artik|bundan sonra) (?:ihtiyacim olmayacak|gerek kalmayacak)(?: \w+){0,2}"
        r"(?: seans| randevu| hicbir)",
        r"(?:gelecek hafta|haftaya|o zaman|salı|yarin)\w* (?:burada |hayatta )?"
        r"olmayacagim",
        r"(?:burada|hayatta|buralarda) olmayacagim",
    ),
    # Burden, entrapment, hopelessness.
    "burden": (
        r"(?:herkese|aileme|size|onlara|kimseye) (?:\w+ )?(?:dert|yuk|bela|zahmet) (?:oluyorum|"
        r"olmak|oldum|olmayayim)",
        r"ben (?:yokken|olmayinca|gidince|olmadan) (?:daha )?(?:rahat|iyi|mutlu|huzurlu)",
        r"(?:cikis yolu|cikis|care|umut)(?: \w+){0,1} (?:gormuyorum|goremiyorum|bulamiyorum)",
        r"(?:being|been|be) (?:such |just |only |nothing but |so much of )?a burden",
        r"(?:benim|ben) (?:sadece |hep )?(?:bir )?yuk(?:um|uyum|tum)",
        r"(?:i am|im|i feel|feel like|feeling like) (?:such |just |only )?(?:a |nothing but a )?"
        r"burden",
        r"burden (?:to|on|for) (?:everyone|everybody|my family|them|you|people|others)",
        r"(?:everyone|everybody|they|my family|the world|people|my kids|you all) "
        r"(?:would|will) be (?:better|happier|fine|ok|okay|relieved) "
        r"(?:off )?(?:without me|if i (?:was|were|am) (?:gone|dead|not here|not around)|"
        r"when i am gone)",
        r"better off (?:dead|without me|if i (?:was|were) gone|if i was not here|"
        r"if i werent here)",
        r"(?:no one|nobody|noone) (?:would|will|is going to) (?:miss|notice|care|even notice)",
        r"(?:no|not any) (?:way out|escape|hope|future|light at the end)",
        r"(?:there is|theres|see) no (?:way out|way forward|escape|future|hope|point)",
        r"(?:trapped|stuck) (?:with no|and (?:there is|theres|see) no|forever|for ever)",
        r"(?:cannot|can not|could not|cant|unable to|not able to) (?:go on|do this|take "
        r"(?:it|this)|"
        r"cope|carry on|keep going|keep doing this|bear (?:it|this)|live like this|"
        r"handle (?:it|this))(?: \w+){0,2} (?:any ?more|much longer|no more|for much longer)",
        r"(?:cannot|can not|cant) (?:go on|carry on|keep going|live like this)",
        r"(?:completely|totally|utterly|so|feel|feeling) hopeless",
        r"hopeless(?:ness)?(?! (?:at|with|about (?:directions|maths|cooking|time)))",
        r"(?:nothing|none of it) (?:will|is going to|can) (?:ever )?(?:get better|change|help)",
        r"(?:i give up|giving up) (?:on (?:life|living|everything|myself))?",
        r"(?:done|finished) with (?:life|living|everything|it all|this world|trying)",
        r"(?:want|need) (?:the pain|it all|everything|this) to (?:stop|end) (?:for good|forever)",
        r"(?:want|need) (?:it all|everything) to (?:stop|end|be over)",
        r"(?:yuk|yuk oluyorum|yukum|yuku|yuk olmak)\b(?: \w+){0,2}",
        r"(?:herkese|aileme|size|onlara) (?:sadece )?yuk\w*",
        r"(?:bensiz|ben olmasam|ben olmazsam|ben gidersem|ben olmadan|ben yok olursam)"
        r"(?: \w+){0,3} (?:daha )?(?:iyi|rahat|mutlu|huzurlu|kolay)\w*",
        r"herkes bensiz",
        r"(?:beni )?(?:kimse|hic kimse) (?:ozlemez|ozlemeyecek|aramaz|fark etmez|"
        r"fark etmeyecek|umursamaz|umursamayacak)",
        r"(?:cikis yolu|cikis|caresi|care|umudum|umut|umudumu|gelecegim) (?:\w+ )?"
        r"(?:yok|kalmadi|kaybettim|goremiyorum)",
        r"(?:umutsuz|caresiz)\w*",
        r"(?:kapana kisil|kapana kisildim|sikisip kaldim|sikistim kaldim)\w*",
        r"(?:artik|daha fazla|bundan fazla) (?:dayanamiyorum|dayanamam|dayanamayacagim|"
        r"katlanamiyorum|katlanamam|kaldiramiyorum|kaldiramam|tasiyamiyorum|yapamiyorum|"
        r"yasayamiyorum|devam edemiyorum|devam edemem|gucum kalmadi)",
        r"(?:dayanamiyorum|katlanamiyorum|kaldiramiyorum) artik",
        r"(?:yasamaya devam|savasmak|direnmek|nefes almaya devam) (?:\w+ )?(?:istemiyorum|"
        r"istemiyom|gucum yok|gelmiyor icimden)",
        r"(?:bu aci|acim|bu his|her sey) (?:\w+ )?(?:bitsin|sona ersin|dinsin) "
        r"(?:istiyorum|artik)",
        r"(?:pes ettim|vazgectim) (?:her seyden|hayattan|kendimden|yasamaktan)",
    ),
    # Self-harm, also when it is not about dying.
    "self_harm": (
        r"(?:blood|bled|bleed|bleeding|bleeds)(?! (?:test|tests|pressure|work|donation|sugar|"
        r"results|type))",
        r"(?:kanadi|kanattim|kanatana|kanatincaya|kanatiyorum|kaniyor|kanayan|kanamaya|kanli)\w*",
        r"(?:arm|arms|leg|legs|wrist|wrists|thigh|thighs|skin|stomach|hands?)(?: \w+){0,3} "
        r"(?:raw|bled|bleeding|scars?|scarred|burns?|burnt|cuts?|marks)",
        r"(?:scratch|scratched|scratching|burned|burnt|burning|cut|cutting|dug|digging|picked|"
        r"picking|pulled|pulling|punched|punching|hit|hitting|banged|banging) (?:out )?(?:\w+ "
        r"){0,2}(?:my (?:arm|arms|leg|legs|wrist|wrists|thigh|thighs|skin|hair|head|hand|"
        r"hands|face|stomach)|myself)",
        r"(?:lighter|cigarette|cigarettes|sigara|sigarayla|cakmak|cakmakla)\w*(?: \w+){0,4} "
        r"(?:burn|burning|burnt|yak|yakiyorum|yaktim|yakmaya)\w*",
        r"(?:burn|burning|burnt|yak|yakiyorum|yaktim|yakmaya)\w*(?: \w+){0,3} (?:with a "
        r"lighter|with cigarettes|sigarayla|cakmakla)",
        r"jilet\w*",
        r"just to feel (?:something|anything|pain)",
        r"(?:tirnak|tirnaklarimla|tirnagimla)\w*(?: \w+){0,3} (?:kazi|kanat|yir|sok)\w*",
        r"(?:kolumu|kollarimi|bacagimi|bacaklarimi|elimi|yuzumu|kafami|derimi)(?: \w+){0,3} "
        r"(?:kazi|kanat|yir|kes|yak|vur|carp|kir|tirmal)\w*",
        r"(?:aynayi|duvara|camı|cami)(?: \w+){0,2} (?:yumrukla|kafa|kirdim|vurdum|yumruk)\w*|"
        r"yumrukla\w*(?: \w+){0,2} (?:kirdim|kanadi)",
        r"(?:temizdim|clean for|clean since)(?: \w+){0,5} (?:bozdum|relapsed|broke|slipped)",
        r"self ?-? ?harm\w*",
        r"(?:hurt|harm|harming|hurting|injure|injuring|punish|punishing|burn|burning|burnt|"
        r"scratch|scratching|hit|hitting|cut|cutting|starve|starving) " + _ME,
        r"(?:cutting|burning|hurting myself) again",
        r"(?:urge|urges) to (?:cut|hurt|harm|burn)",
        r"(?:started|start) (?:cutting|self harming) again",
        r"relapsed? (?:into |on )?(?:cutting|self harm)",
        r"kendime (?:zarar|kiy|kiyma|eziyet|ceza)\w*",
        r"kendimi (?:kes|kestim|kesiyorum|yaktim|yakiyorum|yaralad|yaraliyorum|cezalandir|"
        r"tirmal|dov|vur)\w*",
        r"(?:kollarimi|kolumu|bacaklarimi|bilegimi|bileklerimi) (?:\w+ )?(?:kes|kestim|"
        r"yak|yaktim|jilet)\w*",
        r"(?:kesme|jilet|kendime zarar verme) (?:istegi|durtusu|krizi)\w*",
        r"yine (?:kestim|kendimi kestim|zarar verdim)",
    ),
    # Harm to others and command hallucinations.
    "harm_others": (
        r"(?:knife|knives|gun|guns|pistol|rifle|hammer|machete|axe|bat|crowbar)(?: \w+){0,4} "
        r"(?:for|at|on|to use on) (?:my|him|her|them|the)",
        r"(?:do|doing) (?:something|things) (?:to|bad to) (?:him|her|them|my)",
        r"(?:\w+(?:e|a|ye|ya|ime|ima|ine|ina)) (?:bir ?sey|bisey|bi sey|bi ?sey) (?:yapacag|"
        r"yapicam|yapcam|yaparim|yapabilirim)\w*",
        r"(?:bogmayi|bogmak|bogacag|bogarim|camdan atma|pencereden atma|bicaklama|vurmayi|"
        r"yakmayi|oldurmeyi|oldurme|zarar verme)\w*(?: \w+){0,3} (?:dusun|dusunce|istiyorum|"
        r"geliyor|aklimdan|korkuyorum)\w*",
        r"(?:dusunce|istek|durtu)\w* (?:geliyor|var)(?: \w+){0,3} (?:zarar|bog|at|oldur)\w*",
        r"(?:the )?voices (?:are|came|have come|came) back",
        r"(?:want|wanna|going|gonna|will|could|might|urge|urges|thinking about how) "
        r"(?:\w+ )?to (?:kill|hurt|stab|strangle|shoot|harm|smother|attack|beat up) "
        r"(?:him|her|them|someone|somebody|people|my (?:\w+ )?|the baby|the kids|everyone|"
        r"you|my)",
        r"(?:i will|ill|i am going to|im going to|i could|i might) (?:kill|hurt|stab|strangle|"
        r"shoot|murder) (?:him|her|them|someone|somebody|people|my|you|the|everyone)",
        r"(?:voice|voices) (?:\w+ ){0,2}(?:tell|telling|told|tells|say|saying|said|says|"
        r"order|ordering|command\w*|want|wants)",
        r"(?:hear|hearing|heard) (?:the )?voices",
        r"(?:birini|onu|onlari|kocami|karimi|esimi|annemi|babami|patronumu|cocugu|bebegi|"
        r"cocugumu|bebegimi|herkesi|komsumu|sevgilimi)\w* (?:\w+ ){0,2}(?:oldur|bogaz|"
        r"bicakla|vur|zarar ver|dovece|dovmek|bogmak)\w*",
        r"(?:oldurecegim|oldurcem|oldurucem|gebertecegim|geberticem) (?:onu|onlari|hepsini|"
        r"birini|seni)?",
        r"(?:sesler|ses|kafamdaki ses\w*|kafamdaki sesler)\w* (?:\w+ ){0,3}(?:soyluyor|"
        r"diyor|emrediyor|istiyor|fisildiyor|soyledi|dedi)\w*",
        r"ses(?:ler)? duyuyorum",
    ),
    # Violence against the client.
    "threatened": (
        r"(?:came|come|comes|coming|went) (?:at|after) me with",
        r"(?:said|says|told me|threatened|swore) (?:that )?(?:he|she|they|hes|shes|theyll|"
        r"hell|shell)?(?: will| would| is going to| are going to| d| ll)? ?(?:sort me out|"
        r"teach me a lesson|get me|break my|burn|finish me|end me|do me in|beat me|kill "
        r"me|hurt me|make me disappear)",
        r"(?:beni|bizi)(?: \w+){0,2} (?:yak|oldur|bitir|dov|kes|vur|mahvet|gebert|bogaz|"
        r"parcala)\w*(?:acagini|ecegini|acaklarini|eceklerini|cagini|cegini)(?: \w+){0,2}(?: "
        r"soyledi| dedi| yazdi| tehdit)?",
        r"(?:benzin|bicak|silah|tabanca|satir|cekic)\w*(?: \w+){0,3} (?:aldim diye|aldigini|"
        r"gosterdi|foto|yolladi|atti)",
        r"(?:cekicle|bicakla|sopayla|kemerle|silahla|satirla)(?: \w+){0,2} (?:uzerime|ustume|"
        r"bana|beni)\w*",
        r"(?:uzerime|ustume) (?:\w+ )?(?:yurudu|geldi|saldirdi|atildi)",
        r"(?:pulled|held|waved|pointed|held up|came at me with) (?:a |his |her )?(?:knife|"
        r"gun|blade) (?:at|on|to) me",
        r"(?:said|says|told me|threatened) (?:he|she|they)?(?: will| would|d|ll)? ?(?:make "
        r"me pay|get me|finish me|come for me|end me|come after me|hurt me|kill me)",
        r"(?:stalking|stalks|stalked|following) me",
        r"(?:turning|turns|turned|keeps turning|showing|shows) up (?:outside|at) my",
        r"(?:bana|ustume|bize) (?:bicak|silah|tabanca)\w* (?:cek|dogrult|salla|goster|sapla|"
        r"dayad)\w*",
        r"beni (?:bitirece|mahvedece|yok edece|gebertece|oldurece|oldurur)\w*",
        r"(?:pesimi birakmiyor|beni takip ediyor|kapimin onunde bekliyor)",
        r"(?:he|she|they|my (?:\w+ )?|partner|husband|wife|boyfriend|girlfriend|ex|father|"
        r"dad|someone) (?:has |have |had )?(?:threatened|threatens|threatening|said (?:he|she) "
        r"(?:would|will|d)|says (?:he|she) (?:will|would)|is going to|will|would|tried to|"
        r"wants to) (?:\w+ ){0,2}(?:kill|hurt|beat|hit|strangle|choke|stab|shoot) (?:me|us|"
        r"the kids|my)",
        r"(?:threatened|threatening|threatens) (?:to (?:kill|hurt) )?(?:me|us)",
        r"(?:hit|hits|beat|beats|beaten|choked|chokes|strangled|kicked|punched|pushed|"
        r"attacked|raped|assaulted) (?:me|us)(?! (?:to it|at))",
        r"(?:afraid|scared|frightened|terrified|fear) (?:for my life|(?:he|she|they) (?:will|"
        r"is going to|might|would) (?:kill|hurt))",
        r"(?:not|do not feel|dont feel|never) safe (?:at home|with him|with her|in my (?:own )?"
        r"home|in the house|here)",
        r"(?:beni|bizi) (?:\w+ ){0,2}(?:oldurmekle|oldurecegini|oldurecek|oldurmek|dovmekle|"
        r"bicaklamakla) (?:\w+ )?(?:tehdit|diyor|soyledi|istiyor)?\w*",
        r"(?:beni|bizi) (?:oldurecek|olduruecek|dovuyor|dovdu|dovecek|bogmaya|bogdu|"
        r"tehdit ediyor|tehdit etti|oldurmeye calisti)\w*",
        r"(?:siddet|dayak|tehdit)\w* (?:goruyorum|yiyorum|altindayim|ediyor|etti|aliyorum)",
        r"(?:evde|evimde|onunla) (?:\w+ )?guvende (?:degilim|hissetmiyorum)",
        r"canimdan korkuyorum",
        r"(?:hayatimdan|canimdan) endise",
    ),
}

# Turkish spellings whose ASCII form is also an everyday word: read with Turkish letters.
FOLDED: tuple[str, ...] = (
    r"öl(?:eceğim|ecem|ücem|sem|seydim|mek|meyi|meye|üyorum gerçekten|mem lazım|meliyim)",
    r"ölüm(?:ü|ümü) (?:düşün|isti|bekli|ara)\w*",
    r"ölse(?:m|ydim)",
    r"öldürece(?:ğim|m)",
    r"öleyim",
)

# Figures of speech with the words of death that do not mean it: removed before the
# screen reads the text (ASCII form). A real signal elsewhere in the message still counts.
IDIOMS: tuple[str, ...] = (
    # English
    r"dying (?:to|for) (?:see|try|meet|know|hear|get|go|tell|have|a |an |some )\w*",
    r"(?:dead|deathly) (?:tired|beat|on time|serious|set|easy|simple|good|funny|right|"
    r"end|ahead|centre|center|quiet|busy|slow|boring)",
    r"(?:phone|battery|laptop|car|tablet|charger|wifi|internet|bike|scooter|mobile|lift|elevator|"
    r"printer|engine|signal|torch|headphones|earbuds)(?: \w+){0,2} (?:died|dead|is dead|"
    r"was dead|has died|just died|dying|is dying|went dead)",
    r"(?:died|dead|dying) (?:on me )?(?:phone|battery)",
    r"(?:killing|kill|kills|killed|murder|murdering) (?:time|it)",
    r"(?:kill|killing|murder) (?:for|a) (?:a |an |some )?(?:coffee|tea|pizza|burger|kebab|"
    r"drink|beer|nap|sandwich|cake|biscuit|cuppa|sleep|holiday|break|croissant|chocolate|"
    r"bath)",
    r"(?:could|would|d) (?:kill|murder) (?:for )?(?:a |an |some )?(?:coffee|tea|pizza|burger|"
    r"kebab|drink|beer|nap|sandwich|cake|cuppa|curry|takeaway|chocolate|holiday)",
    r"(?:traffic|commute|heat|cold|queue|rain|this|that|the wait|my feet|my back|the suspense|"
    r"these shoes|work|deadline|deadlines|hill|stairs|it) (?:is |are |was )?(?:literally |"
    r"absolutely )?killing (?:me|us)",
    r"(?:laugh|laughed|laughing|crack\w*) (?:my|myself|me)? ?(?:head )?(?:off|to death|up)",
    r"(?:bored|scared|worried|freezing|frozen) to death",
    r"(?:i am|im) dead(?: lol| haha|ass)?(?=\W*$)",
    r"(?:lol|haha|lmao)(?: i am| im)? dead",
    r"(?:over|on) my dead body",
    r"(?:deadline|deadlines|dead end|dead-end|die hard|die-hard|dead heat)",
    r"(?:i (?:will|ll|would|d) )?die of (?:embarrassment|shame|boredom|laughter|hunger)",
    r"(?:starving|famished|knackered|shattered|exhausted|wrecked)",
    r"(?:my )?(?:plants|plant|fish|goldfish|hamster|grandad|grandma|grandmother|"
    r"grandfather|granny|nan|uncle|aunt|dog|cat|mum|mom|dad|father|mother|friend|"
    r"neighbour|neighbor|colleague)(?:s|'s)? (?:died|passed away|passed)",
    r"(?:battery|phone|charge) (?:is |was )?(?:almost |nearly )?(?:dead|flat|gone|out)",
    r"break a leg",
    r"(?:killer|killed it|killing it|nailed it|smashed it)",
    r"kill (?:two birds|the lights|the engine|the music)",
    r"(?:the )?end of (?:the )?(?:day|week|month|year|session|road works|term)",
    r"end(?:ing)? (?:the |our |my )?(?:session|appointment|contract|subscription|call)",
    r"(?:sleep|slept) (?:like a log|like the dead|in|through the alarm)",
    r"last (?:session|appointment) (?:was|went|helped|really|of the year|before (?:the )?"
    r"(?:holiday|holidays|break|christmas|new year)|we had|i had|you mentioned|"
    r"you said|ran over|overran)",
    r"(?:our|my|the) last session(?: \w+){0,2} (?:was|went|helped|really|before)",
    r"(?:from|since|after|in|at|about|like) (?:the |our |my )?last (?:session|appointment)",
    r"(?:mum|mom|mother|mam|boss|teacher|manager|coach|wife|sister|gran|nan|grandma)(?: "
    r"\w+){0,2} (?:will|would|is going to|gonna|going to) (?:literally |actually |totally "
    r")?kill (?:me|us) (?:if|when) (?:i |we )?(?:miss|am late|are late|m late|forget|cancel|"
    r"skip|leave early|do not show|dont show|mess|lose|break|spend|eat|come home late|get "
    r"home late|am not|forgot)\w*",
    r"dead (?:keen|on my feet|on arrival|on time|chuffed|excited|nervous|proud|lucky)",
    r"(?:phone|battery|mobile|laptop|tablet|charge)s?(?: \w+){0,5} (?:about to die|going "
    r"to die|gonna die|dying|is dead|dead)",
    r"dead (?:lol|haha|lmao|to the world)",
    r"(?:dying|died|dead) of (?:the )?(?:flu|cold|heat|boredom|hunger|thirst|laughter|laughing|"
    r"embarrassment|shame|a cold)",
    r"(?:nearly |almost )?died (?:laughing|of laughter)",
    r"(?:jilet gibi)",
    r"(?:be|been) the death of (?:me|us)",
    r"death warmed up|dead in the water|dead meat|(?:so|totally|literally) dead if",
    r"(?:i am|im|i will be|ill be) (?:so |totally |literally )?dead if",
    r"overdos\w* on (?:caffeine|coffee|sugar|chocolate|netflix|tv|cake|carbs|sun|work)",
    r"cut (?:my )?(?:finger|thumb|hand|chin|lip)(?: \w+){0,4} (?:chopping|cooking|opening|shaving|"
    r"on|while|peeling|slicing)",
    r"bled everywhere(?: \w+){0,4} (?:plaster|bandage|finger|thumb)",
    r"\w+(?:s|'s) (?:death|funeral|passing)(?! of me)",
    r"(?:anniversary|memorial) of (?:my|his|her|our) \w+(?:s|'s)? (?:death|passing)",
    r"crash(?:ing)? (?:at|on|with|in) (?:my |a |his |her |the )?"
    r"(?:mate|friend|mum|mom|sister|brother|"
    r"place|sofa|couch|parents|bed)\w*",
    r"(?:got |were |was )?(?:slaughtered|thrashed|murdered|destroyed|killed) \d+ ?- ?\d+",
    # Turkish
    r"\w+(?:dan|den|tan|ten) (?:oluyorum|oldum|olecegim|olucem|olcem|oluyoz|oluyom)",
    r"(?:donup|donarak|catlayip|patlayip) ol\w*",
    r"(?:olum|zehir|jilet|bicak) gibi",
    r"\w+(?:in|un|nin|nun) (?:olum|cenaze)\w*",
    r"olum yil ?donum\w*",
    r"(?:bicak seti|bicak takimi|mutfak bicag\w*|ekmek bicag\w*)",
    r"(?:fatura\w*|toplanti\w*|is\w*|sinav\w*|ders\w*|tez\w*|proje\w*|hafta\w*|mesai\w*|"
    r"sicak\w*|soguk\w*|yol\w*|kuyruk\w*|vize\w*|trafik\w*|kira\w*) beni "
    r"(?:oldur|bitir|mahvet)\w*",
    r"\w+(?:mek|mak) intihar",
    r"(?:died|passed away|passed|vefat\w*|lost)(?: \w+){0,12} (?:for|to|at) (?:the |his "
    r"|her |a )?(?:funeral|cenaze\w*)",
    r"(?:patron\w*|annem|hocam|mudur\w*|mudurum|sefim|ablam|ogretmen\w*)(?: \w+){0,1} beni "
    r"oldur(?:ecek|ur|ecekler|urler)(?: \w+){0,3} (?:gec|erken|kacir|unut|iptal|gelmez|gelmesem|"
    r"gitmesem)\w*",
    r"(?:gec|erken|kacir|unut|iptal)\w*(?: \w+){0,2} (?:patron\w*|annem|hocam|mudur\w*|sefim|"
    r"ablam)?(?: )?beni oldur(?:ur|ecek|urler|ecekler)",
    r"(?:acliktan|aclikdan|uykusuzluktan|yorgunluktan|sicaktan|soguktan|merakt?an|"
    r"gulmekten|sikintidan|heyecandan|utanctan|sevincten|kahkahadan|stresten|"
    r"bekle?mekten|susuzluktan|can sikintisindan)(?: \w+){0,1} (?:ol|oldum|oluyorum|"
    r"olecegim|olucem|olcem|olduk|oluyoruz|ol\w*|catla\w*|kirildim|krdm)",
    r"(?:ol|oldum|oluyorum) (?:acliktan|yorgunluktan|gulmekten|sicaktan)",
    r"olurum sana",
    r"(?:olsem de|olsem bile) (?:gelirim|gelecegim|gelicem|kacirmam)",
    r"(?:telefonum|telefon|sarjim|sarj|pilim|pil|bataryam|batarya|arabam|araba|aku|asansor\w*|"
    r"laptopum|bilgisayarim|internetim|tabletim)(?: \w+){0,1} (?:oldu|oldu gitti|bitti|"
    r"gitti|olmus|olmek uzere|olecek)",
    r"(?:trafik|bu trafik|yol|bu sicak|bu soguk|is|isler|bu yorgunluk|bu kuyruk|sinav|"
    r"sinavlar|bel agrim|bacaklarim)\w*(?: \w+){0,1} (?:beni )?(?:oldurdu|olduruyor|"
    r"oldurecek|bitirdi|bitiriyor|bitirecek|mahvetti)",
    r"(?:kafayi|kafay|aklimi) (?:yiyecegim|yicem|yedim|yiyorum|oynatacagim)",
    r"(?:canima|canim) (?:okudu\w*|okundu|cikti|burnumda)",
    r"(?:canim|cani) (?:sikkin|sikiliyor|sikildi|cekti|istedi|istiyor|yandi|yaniyor)",
    r"(?:oldum|olduk) bittim",
    r"(?:catlayacagim|catliyorum|patlayacagim|patliyorum) (?:gulmekten|acliktan|"
    r"meraktan)?",
    r"(?:olmeden|olmeden once) (?:once )?(?:gormek|gitmek|yapmak)\w*",
    r"(?:dedem|ninem|babaannem|anneannem|amcam|dayim|teyzem|halam|kedim|kopegim|"
    r"komsumuz|komsum|babam|annem|arkadasim)\w* (?:vefat etti|oldu|rahmetli|kaybettik|"
    r"kaybettim|hayatini kaybetti)",
    r"son seans(?:ta|tan|imizda|imizdan|imizdaki|taki|tan beri|ta konustugumuz)\b",
    r"(?:gecen|bir onceki|onceki) (?:son )?(?:seans|randevu)\w*",
    r"(?:yilin|ayin|haftanin|gunun) son (?:seans|randevu|gunu)\w*",
    r"(?:tatilden|bayramdan|yilbasindan) once(?:ki)? son (?:seans|randevu)\w*",
)

# The last net, after the categories and the idioms: the words of dying themselves.
# Third persons' deaths (grief) are read by a person but are not a crisis of the writer's.
DEATH_WORDS: tuple[str, ...] = (
    r"(?:die|dying|dead|death|suicid\w*|overdos\w*|noose|kill|killing|funeral|my grave|"
    r"lethal|unalive|end it|end things|gone for good|disappear)",
)
THIRD_PERSON_DEATH = (
    r"(?:mum|mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|granny|gran|nan|"
    r"grandad|uncle|aunt|auntie|brother|sister|cousin|friend|friends|neighbour|neighbor|"
    r"colleague|dog|cat|pet|husband|wife|partner|son|daughter|baby|he|she|they|who|"
    r"someone|somebody|relative|family member|in law|boss|teacher|patient|man|woman|"
    r"plant|plants|hamster|fish|bird)(?:s|'s)?(?: \w+){0,2} (?:is |was |has |had |just |"
    r"recently |suddenly |unexpectedly )*(?:dying|died|dead|passed|been killed|was killed|"
    r"got killed|killed in)"
    r"|(?:death|funeral|died|dying|dead|killed|passing) (?:of|in) (?:my|our|a|the|his|her) "
    r"(?:\w+ )?(?:mum|mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|uncle|"
    r"aunt|brother|sister|cousin|friend|family|neighbour|colleague|dog|cat|pet|husband|"
    r"wife|partner|son|daughter|relative|car accident|accident)"
    r"|(?:funeral|memorial|wake|burial|cenaze)(?: \w+){0,2} (?:is|was|on|for|of|tomorrow|today)"
    r"|(?:go|going|went|be|attend|attending|at) (?:to )?(?:a |the |my \w+ s |his |her )?"
    r"(?:funeral|memorial|burial)"
    r"|(?:dead|deadly) (?:serious|quiet|centre|center|end|line)"
)
# Turkish, with Turkish letters (the ASCII forms are everyday words): first persons of
# "ölmek" and "öldürmek", "ölüm", "intihar". "öldü"/"ölmüş" (someone died) are grief.
TR_DEATH_WORDS = (
    r"öl(?:mek|meyi|meye|mem|sem|seydim|eceğim|ecem|ücem|üyorum|üyom|üm|ümü|ümün|üme|"
    r"eyim|mekten|meliyim|meyeceğim|sek|sün|üp gitmek|üp gitsem|mek için|mekle)"
    r"|öldür\w*|intihar\w*|canıma kıy\w*"
)
