"""What a message says of acts: method and means, preparatory acts, self-harm, harm to
others and command hallucinations, violence against the writer."""

from __future__ import annotations

# Pronouns and fillers the patterns allow between words.
_ME = r"(?:my ?self|me)"
_GAP = r"(?: \w+){0,3}"  # up to three words in between

ACTS: dict[str, tuple[str, ...]] = {
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
        # Someone close to the client harming themselves: a person at risk all the same.
        r"(?:hurt|harm|harming|hurting|cut|cutting|cuts|burn|burning|burns|starving|punishing) "
        r"(?:himself|herself|themselves|themself)",
        r"(?:cuts|scars|burns|marks) on (?:his|her|their) (?:arms?|wrists?|legs?|thighs?|skin)",
        r"kendi(?:ne|sine) (?:zarar|kiy|eziyet)\w*",
        r"kendi(?:ni|sini) (?:kes|yak|yarala|cezalandir)\w*",
        r"(?:kol|bilek|bacak)(?:lari|u|i)?(?:nda|nin|ni|na)? (?:\w+ ){0,2}kesik\w*",
        r"(?:ritzt|verletzt|schneidet) sich\b",
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
        r"tehdit\w* (?:\w+ )?(?:mesaj|sms|yaz|at|gonder|ediyor|etti|ediliyor|aliyorum)\w*",
        r"(?:threatening|threat|threats) (?:\w+ )?(?:messages|texts|calls|notes|letters|emails)",
        r"(?:evden|disari|sokaga) (?:\w+ )?cikmaya (?:korkuyorum|korkuyoruz|cekiniyorum)",
        r"(?:scared|afraid|frightened|terrified) to (?:leave|go out of) (?:the|my) (?:house|home|"
        r"flat)",
        r"(?:evde|evimde|onunla) (?:\w+ )?guvende (?:degilim|hissetmiyorum)",
        r"canimdan korkuyorum",
        r"(?:esim|kocam|karim|sevgilim|erkek arkadasim|kiz arkadasim|nisanlim|babam|annem|"
        r"abim|agabeyim|eski esim|eski sevgilim|eski kocam)(?: \w+){0,4} (?:vurdu|vuruyor|"
        r"dovdu|dovuyor|tokat att|tokatla|yumrukla|tekmele|saldirdi|siddet uygula|el kaldir|"
        r"bogazimi sik)\w*",
        r"(?:bana|bize) (?:yine |gene |tekrar )?(?:vurdu|vuruyor|el kaldir|tokat att)\w*",
        r"(?:hayatimdan|canimdan) endise",
    ),
}
