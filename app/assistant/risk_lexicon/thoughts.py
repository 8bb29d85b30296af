"""What a message says of the writer's thoughts: the wish to be dead, active ideation,
intent and plan, finality and conditional survival, burden and entrapment."""

from __future__ import annotations

# Pronouns and fillers the patterns allow between words.
_ME = r"(?:my ?self|me)"
_GAP = r"(?: \w+){0,3}"  # up to three words in between

THOUGHTS: dict[str, tuple[str, ...]] = {
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
        r"(?:atlamayi|dusmeyi|olmeyi|asmayi|bogulmayi|carpmayi|yok olmayi|"
        r"(?:kendimi|bilegimi|bileklerimi|kolumu|kollarimi|damarimi|damarlarimi) kesmeyi|"
        r"(?:her seyi|hayati|hepsini|bu dunyayi|yasamayi|nefes almayi) birakmayi|"
        r"(?:bu dunyadan|dunyadan|hayattan|aranizdan|sonsuza (?:dek|kadar)|geri donmemek uzere) "
        r"gitmeyi|(?:her seyi|hayatimi|hayati|kendimi|hepsini|bu hayati) bitirmeyi) "
        r"(?:\w+ ){0,2}(?:dusun|hayal|planl|kurdum|aklimdan)\w*",
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
    "finality": (
        r"(?:this is|this feels like|i have reached|ive reached|reached|at) the end of the "
        r"(?:road|line)",
        r"(?:decided|know|knew|feel) (?:that )?(?:this|it) is (?:the|my) end",
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
        r"(?:hala |hale )?(?:burada|burda|hayatta|buralarda) olursam",
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
}
