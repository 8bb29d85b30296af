"""Everyday words a logistics reply may carry and still be acted on unread: the reasons
and small talk around a confirmation, a cancellation or a move ("the tram is not moving
because of a demonstration", "toplantı uzadı", "die Bahn fährt heute nicht").

Each word is exact (ASCII-folded, no endings added). They were chosen from the most frequent
words of English, Turkish and German (wordfreq 3.1.1's top 2,500 / 4,000 / 2,000, minus what
`logistics_vocab` already had) by readers who had not seen any client message, against one
rubric: a word is in only if, in a short reply about an appointment, it can carry nothing a
person at the clinic needs to read. Out went every word that can carry a feeling, health or
the body, death or danger or a means of harm (heights, water, traffic, rails, blades), family
and relationships, therapy itself, money beyond the fee, the law, records and data, words
addressed to a system, names, and anything in doubt. Then every word was screened again by
`crisis`, `clinical_vocab`, `personal_vocab` and the reply grammar's own cancel, opt-out and
uncertainty words; `tests/test_everyday_vocab.py` repeats that screen, so a lexicon that
grows to cover one of these words takes it out of the closed world at once.

What a combination of everyday words means ("stop coming", "on behalf of") is
`personal_vocab`'s, and crisis language is `crisis`'s, both read before this list matters.
"""

from __future__ import annotations

EN_EVERYDAY = """
above accept accepted according across activities activity actual actually add added adding
addition additional address advance agency ago agree agreed ah ain't airport album allow
allowed allows along although always among amount announced annual anyone anything anywhere
apartment app apparently appear appeared appears application applications applied apply area
areas art article ask asked asking author average award away bag ball band bank base based
basic basically basis became because become becomes becoming began begin beginning begins
believe between big bigger biggest billion birthday block board book books bought box brand
build building buildings built business businesses busy buy buying camera career carry cash
catch cause cell cent center centre century certain chance channel chief cities city class
classes clear clearly click close coach collection college color commercial committee common
companies company compared competition complete completed completely computer conference
construction continues corner correct cost costs countries country county create created cup
current currently customer customers daily dance degree delivered department described design
designed despite details developed development difference digital direct direction directly
director distance division don double download driver easily east education email employees
english enjoy ensure enter entire entirely equipment especially established estimated etc event
events eventually ever everybody everyone everywhere exactly example except exchange executive
expect expected explain extra extremely fact famous fantastic far fashion faster favorite
feature features festival field figure film finally finding finish firm fix fixed flight
follows football forget forgot found fresh front full fully fun further garden gave general
generally german give given gives glad global gold google gotta greater green guess guys hall
hear heard held herself higher highest highly him himself home hoping hot hotel house however
huge idea ideas immediately include included includes including indeed industry info
information initial inside interested interesting international internet interview items itself
job jobs join keep keeping keeps kept key kitchen knowledge known land language large largely
larger largest latest lead leading learn learned learning least led length let let's level
levels library light limited link links literally ll local located location long luck mail main
mainly major majority managed management manager map market marketing match mean meant meet
mention mentioned met mid middle miles million millions mobile modern moment month months movie
mr mrs multiple museum music name national necessary network none nor north obviously offer
offered often oh old older online opportunity opposite order organization original originally
otherwise ourselves own owner page paid paper part particular particularly parts pay paying
payment people percent person photo photos picture pictures piece place placed places planned
plenty plus policy popular position post posted power present press pretty previous previously
price prices primary prior produced product production products professor program programs
project projects properly provide provided provides public published put putting question
questions radio rate rates reach reached read reading real reason reasons recent recently
regarding region regular related relatively remain remember request require required requires
research reserve response return returned returns ride room round said sale sales saw say
saying says schedule science score screen search seat secretary section seem seemed seems seen
series serve set several shop shopping short show showed showing shown shows side similar
simple simply sir sit site sitting slightly small smaller smart software somebody someone
something sometimes somewhere song songs sort source sources south southern speak speaking
special specific specifically speed spend spent sports spot spring square stadium staff stage
standard standing star start started starting starts store stores street streets structure
student students studies study stuff subject suddenly suggest suggested summer supposed table
taken task teacher teachers teaching tech technical technology tell telling tells term
themselves therefore things though thousand thousands through throughout ticket told took top
total totally tour toward towards town trade traditional transport travel tried trip true truly
try trying turn turned tv twice type types typically under understanding unit university unless
update upon use usual usually video view views village want wanted wants watch watching wear
wearing web website welcome went west whatever whenever whole whom whose wide win wind winning
winter within won wonder wonderful word words workers wow write writing written wrote yourself
zero zone
""".split()

TR_EVERYDAY = """
aa ab abd abd'de abd'nin acan acar acele acidan acik acikca acikladi aciklama aciklamasi
aciklandi acilan acildi acilis acin acip acisindan acmak acti ad ada adana adeta adi adim adimi
adina adinda adini adiyaman adiyla adli adres adresi afrika ag agac agirlikli ait aittir
akademik akdeniz akilli aklima aksi aksine aktif al alacak alakali alakasi alan alana alanda
alani alanina alaninda alanlar alanlarda alanlari alarak album albumu aldi aldigi aldigim
aldigini aldik aldilar aldim alim alip alisveris aliyor aliyorum aliyoruz almis almistir alt
alternatif altyapi amaciyla amerika amerika'da amerikali amerikan anadolu anahtar anda android
aniden aninda ankara ankara'da anladim anlama anlamak anlamda anlamina anlamiyla anlamiyorum
anlar anlat anlatan anlatiyor anlatmak anlatmaya anlatti antalya antik apple aralarinda
arasinda arasindaki arasindan arastirma arastirmalar ardindan ariyor ariyorum arka arkadan
arkasina arkasinda arkasindan art artan artis artti asagi asagida asagidaki asgari asil aslinda
asya atiyor attigi avrupa avrupa'da avrupa'nin ayakkabi ayda aydir ayi ayinda aylarinda aylik
ayrica azerbaycan azindan bagimsiz baglanti baglantili baglantisi bagli bak bakalim bakar
bakarak bakin bakip bakis bakiyor bakiyorum baktim balikesir banka bankasi banyo bardak bari
basardi basarilar basin basinda basit baskenti basketbol basladi basladigi basladik basladilar
basladim baslamadan baslamak baslamis baslamistir baslangic baslar baslayacak baslayan basliyor
basta bastan bati batman bay bayragi bayrak bazen bazi bazilari bedava bedeli begendim bekliyor
bekliyorum bekliyoruz belediye belediyesi belirli belirtti belli beraber beri besiktas bicimde
bil bildigi bildigim bildigin bile bilen bilet bilmek bilmem bilmiyor bina binanin binasi
binlerce birbirimize birbirinden birbirine birbirlerine bireysel birileri birincisi birlesik
birlesmis birlikte bisey bisiklet bitki blok bm bol bolge bolgede bolgedeki bolgenin bolgesel
bolgesi bolgesinde bolgeye bolu bolum bolumde bolumu bolumunde bolumunu boya boyle boylece
boyunca budur bul buldu buldum bulmak bulunan bulundu bulundugu bulunmaktadir bulunur bulup
bulur bulut buna bunca bundan bunlar bunlara bunlardan bunlari bunlarin bunu bunun bununla
bunyesinde burasi buraya bursa butun buyuk buyuksehir buz cabuk caddesi cagdas cagri canakkale
capinda cep cesit cesitli cevabi ceviri cevre cevresinde cidden cik cikacak cikan cikip cikiyor
cikmak cikmasi cikmis cikti ciktigi cin civarinda cizgi cogu cogunlukla cop cozum cumhuriyet
cumhuriyeti cunku dag dahi dahil daima dair daire dairesi daki dali dans dar davet dayali dedi
dedigi dedigim dedigin dedik dediler dedim dek deki deme demek demektir demis demisti dene
deneme denen denilen denir denizli denk der derecede dergisi derhal derim derken derler dernegi
ders dersi dersin dersiniz dersleri detaylar detayli dev devami devamli devre di dijital dikkat
dikkate dikkatini dikkatli dil dile dili diliyorum dinle dinlemek dir direk direkt direktoru
dis disari disarida disi disina disinda disindaki diyarbakir diyor diyorlar diyorsun diyorum
diyoruz dizisi doga dogal dogru dogrudan dogrultusunda dogrusu dogu dolar dolayi dolayisiyla
dolu dondu donem donemde donemi donemin doneminde donemlerde donen donmek donup donuyor
dorduncu dunyadaki dunyanin durumlarda durumunda dusun dusunen dusunmek dusunun duymak duyurdu
duz duzen duzeni duzenledigi duzenleme duzenlendi duzenlenen duzenli duzey duzeyde duzgun
edebiyat eden edenler edici edip edirne efendi ege eger egitim egitimi eglence eglenceli ek
ekibi ekip ekran elazig elbise elden elektrik elektronik emekli emin eminim enstitusu er
erzurum esas eserleri esit eski eskiden eskisehir eslik esnasinda et etkin etkinlik etrafinda
etsin euro ev evde evden eve evi evinde evine evrensel evvel ey eyalet eylem faaliyet
faaliyetleri facebook fakultesi fark farki farkina farkinda fazla fazlasi fazlasini fazlasiyla
federal federasyonu felsefe fen fenerbahce festivali fikir fikri filan film filmde filmi filmin
filmler filmleri firsat firsati fizik fotograf fotografi fransa fransiz full futbol futbolcu
galatasaray galibiyet galip garanti gayet gazete gazeteci gazeteciler gazetesi gaziantep
gecirmek gecmiste geldiginde geldigini geleneksel gelismis gelistirme gemi gemisi genc gencler
genclik gene genel genelde genelinde genellikle genis gercek gerceklesen gerceklesti
gerceklestirdi gerceklestirildi gerceklestirilen gercekte gercekten gerci geregi geri geriye
getirdi getirdigi getiren getirildi getirir getirmek gezi gir girdi girdigi girdim girecek
giren girer giresun girip giris giriyor girmek girmis git gitme gitmek gitmis gitsin gitti
gittigi gittikce gittim giyen gok gol gonullu google gor gordu gordugu gordugum gordugunuz
gorduk gordum gore gorecegiz goren gorev goreve gorevi gorevini gorevleri gorevlisi gormedim
gormek gormeye gormus gorsel goruldu gorulen gorulmektedir gorulur gorunce gorunen goruntu
gorunuyor gorup gorur goruyor goruyorum goster gosterdi gosterdigi gosteren gosteri gosterilen
gosterir gosteriyor gostermek gostermektedir grafik gri grubu grubun grup gule gumus gunaydin
gunumuzde gunumuze guzel guzeldi guzellik ha hadi hafif hakem hakkinda hakkindaki haklisin
halde hale halen halinde haline halk halka halki halkin hani hareket hareketi haric harika
harita hat hatay hatta hatti hava havada havalimani haydi hazir hazirlanan hazirlik hd hele hem
hemde henuz hepimizin hepsinin herhangi herkes herkesi herkesin hersey herseyi hikaye hikayesi
hindistan hitap hiz hizi hizla hizli hizmet hizmete hizmeti hizmetleri hollanda hos ibaret
iceren iceri icerir icerisinde icten idaresi idi ihtimali ihtiyaciniz ii iken ikincisi iklim il
ila ilan ilce ilcesi ilcesinde iletisim ilgili ilginc ilgisi ilham ili iliskin ilk ilkogretim
imkansiz inan inanilmaz inaniyorum indir ingiliz ingilizce ingiltere insa insaat insan insana
insani insanin insanlar insanlara insanlardan insanlari insanlarin insanlarla insanlik internet
ios iphone irak iran isaret isareti isbirligi isci isi isigi isik isin isine isini islem
isletme ismi ismini israil istanbul istanbul'a istanbul'da istanbul'un istatistik istihdam
istiyor istiyorsan istiyorsaniz istiyorsun istiyoruz italya italyan itibaren itibariyla
itibariyle izle izlemek izleyen izmir izmir'de izni japon kabul kadikoy kadro kagit kaliteli
kalkinma kamera kamp kampanyasi kamu kanal kanali kapak kapi kapisi kapiyi kapsaminda kapsamli
kaptan karadeniz karakter karsiligi karsiliginda karsilik karsilikli karsisina karsisinda
karsiyaka kasaba kat kati katki katkida kaynagi kaynak kaynaklar kaynaklari kayseri kelime
kelimeler kelimesi kenara kendi kendinden kendine kendini kendinize kendinizi kendisi
kendisinden kendisine kendisini kendisinin kent kere kibris kilometre kimsenin kiralik kirmizi
kis kisa kisaca kisi kisiden kisiler kisileri kisilerin kisim kisinin kisiye kisiyi kismi
kisminda kismini kitabi kitabin kitap kitaplar kitapta klasik km kocaeli kocaman komik
komisyonu komsu kongre konser konu konuda konuk konus konusalim konusan konusmak konustu konusu
konusunda konusurken konusuyor konuyu konya kore kose koy koydu koymak koyu koyun koyup krali
kucuk kullanan kullanarak kullandi kullandigi kullanilabilir kullanilan kullanilarak kullanilir
kullanilmaktadir kullaniyor kullanma kullanmak kullanmaya kultur kulturel kulturu kulubu kulup
kum kupa kupasi kural kurallari kurdu kurdugu kuresel kurmak kuru kurucu kurucusu kurulan
kurulmus kurulu kurulus kurulusu kurum kurumu kutlu kutu kuzey lakin lar lazim le ler lig ligde
ligi lira lisans lise lisesi londra los maalesef mac maca maci macin macinda macta madem madrid
mahalle mahallesi makam makine makinesi maksimum malatya malzeme manisa mantikli mardin marka
marmara masa masaya matematik mavi max medya medyada memur merkez merkezi merkezinde merkezine
merkezleri merkezli mersin mesafe mesela meshur meslek metre mevcut mevcuttur meydan meydana
mezun midir miktarda mil millet milli milyar milyon milyonlarca mimar mimari mimarlik mini
minik misafir misin misir miydi miyim mm mobil moda model modeli modern motor motoru mudur
mudurlugu muduru mugla muhendisi muhendisligi muhendislik muhtesem mukemmel musteri musun
muthis mutlaka muzesi muzigi muzik na nadir nakit nedir neler nerde nerden nesil net neydi neye
neyi neyin neymis neyse ni nicin nihayet niye nokta noktada noktasi noktaya normal normalde
nufus nun oda odasi odeme odul odulu ogrenci ogrenciler ogrencileri ogrencisi ogrendim ogrenim
ogrenmek ogretim ogretmen ogretmeni ogretmenler oh oku okudum okuma okumak okuyan olaganustu
olalim olamaz olan olana olani olanlar olanlari olanlarin olasi olayin olaylar olaylari
olaylarin olcude oldu oldugu oldugum oldugumu oldugumuz oldugun olduguna oldugunda oldugundan
oldugunu oldugunun oldugunuz olduk oldukca olduklari olduklarini olduktan oldular oldum oldun
olma olmali olmam olmamis olmaya olmayan olmayi olmus olmustu olmustur olmuyor olumlu olun
olunca olup olusan olusturan olusturdugu olusturmak olusturulan olusur ona onca ondan onde onem
onemlidir onlar onlara onlardan onlari onlarin onlarla online onu onun onunde onune onunla
oranda orani orasi organize orijinal ornegi ornegin ornek orta ortada ortalama ortam ortamda
ortasinda ortaya osmanli ote otel otelde otomatik otomobil oturu oturup oyle oynadigi oynamak
oynanan oynayan oynuyor oysa oyun oyuna oyuncu oyuncular oyuncusu oyunda oyunlar oyunlari oyunu
oyunun ozelligi ozellik ozellikle ozellikler ozellikleri ozgu ozgun paket paralel parca
parcalari parcasi paris parlak pek pembe perde performans personel petrol piyasaya plan plani
plastik play populer posta potansiyel prof profesor profesyonel program programi programinda
programlari proje projesi protesto puan radyo ragmen real rekabet reklam rekor rengi renk
renkli resim resimler resmen resmi rize rock rol rolu roma roman rus rusya ruzgar sa sabit
sagladi saglamak saglar saglayacak saglayan saha sahada sahibi sahip sahipleri sahipligi
sahiptir sahne sahneye sair saka sakarya sakin salonu sampiyon sampiyonlar sampiyonluk
sampiyonu samsun samsung sana sanal sanat sanatci sanayi sanki sanliurfa sans sansi sansli sari
sarki sarkilar sarkilari sarkisi sarkiyi sart satan satin satis satisa satisi sayede sayesinde
sayfa sayfasi sayi sayida sayili sayilir sayin sayisi sayisini sebebi sebebiyle sebep secenek
secilen secme sehir sehirde sehre sehri sehrin sekli seklinde seri serisi sesi sesini sesli
sessiz set seviye sey seyahat seyden seydir seye seyi seyin seyler seylere seyleri seylerin
sezon sezonu show sicak sifir sik siki siklikla sinav sinema sinif sinifi sinifta sinirli
sinirsiz siparis sira sirada siradan sirasinda sirf sirket sirketi sirketin sirketler
sirketleri site sitede sitesi sitesinde sivas siyah soguk sohbet sokaga sokak sol sor sordu
soru sorular soyle soyledi soyledigi soyledim soylemek soylemis soyler soyleyen soyleyin
soyluyor sozde sozleri sozu spor standart star stratejik suan sunlari sunu suphesiz surdu
suriye surpriz suru suruyor suudi suyu tablo tahmin tahmini tahta takdir takim takima takimi
takimin talep tamir tane tanesi taraf tarafa tarafi tarafinda tarafindan tarafta taraftan tarif
tarih tarihe tarihi tarihinde tarihine tarihinin tarihlerinde tarihli tarihte tarim tarz tarzi
tasarim tasarimi tasima tasiyan tatil tebrik tebrikler teklif teknik teknoloji tel televizyon
temel temin temizlik temsil temsilcisi tercih tersine tesvik ticaret ticari tipi tipki tiyatro
tl ton top toplam toplama toplamda toplu toplum toplumsal toplumun topu trabzon trabzonspor
transfer trt tum tur turizm turkce turkiye turkiye'de turkiye'deki turkiye'nin turkiye'ye
turkiye'yi turkler turlu turu tut tutan tutar tutmak tv twitter ucret ucretsiz ucuncu ucuz uefa
ufak ulke ulkede ulkeden ulkeler ulkelerde ulkeleri ulkelerin ulkenin ulkesi ulkeye ulkeyi
ulusal uluslararasi umarim universite universitesi unlu uretilen uretim uretimi urun urunler
urunleri ust usta uste ustelik ustu ustun ustunde ustune uydu uye uyeleri uyelik uyesi uygulama
uygulamalari uygulamasi uzak uzakta uzaktan uzanan uzay uzerinde uzerindeki uzerinden uzerine
uzun vakfi vakit vakti vatandas vay vb verdigim verdiler verilmis verilmistir veriyorum
veriyoruz vermeden vermektedir video videosu vize vs web windows yabanci yahu yakinda yakindan
yan yana yandan yanlis yapabilir yapacagiz yaparken yapilacak yapildigi yapiliyor yapilmaktadir
yapilmasi yapilmis yapilmistir yapiyorlar yapiyorum yapiyoruz yapmadan yapmayin yardimiyla yari
yaris yarisi yarisma yarismasi yasina yasinda yasindaki yasta yavas yaygin yayin yayini
yayinlanan yayinlandi yayinlari yedek yer yerde yerden yere yerel yeri yerin yerinde yerinden
yerini yerler yerlerde yerlere yerleri yerlesim yerli yesil yilindan yine yoksa yoktu yoktur
yolculuk yon yonde yonelik yonetici yoneticisi yonetim yonetimi yonetmen yonunde york youtube
yukari yukarida yukseldi yukselen yumusak yunan yunanistan yurt yuzde yuzden yuzlerce yuzunden
zaman zamana zamanda zamandan zamandir zamani zamanin zamaninda zamanla zamanlar zamanlarda
zamanli zira ziraat ziyade ziyaret zorunda zorunlu
""".split()

DE_EVERYDAY = """
ab aber absolut ach acht ah ahnlich ahnung aktion aktiv aktuell aktuelle aktuellen album allem
allen aller allerdings allgemein allgemeine allgemeinen als amerikanischen andere anderem
anderen anderer anderes andern anders anfang anfangen angebot angeboten angenommen anlage
anschliessend anschluss ansehen antwort antworten anzahl app arbeit arbeiten arbeitet art arten
auch auf aufgrund aufs auftrag ausbildung ausgabe ausland ausschliesslich aussen ausser
ausserdem ausserhalb ausstellung auswahl auto autor autos bahnhof bald ball basis bau bauen
bayern bedeutet bedeutung bedingungen befindet begann beginn beginnen beginnt begriff bei beide
beiden beim beispiel beispielsweise bekam bekannt bekommen bekommt benutzen bereich bereits
berichtet berlin berliner beruf beschaftigt besondere besonderen besonders bestatigt bestehen
bestimmt bestimmte bestimmten besuchen besucher betragt betrieb bevor bewegen bezeichnet bezug
bieten bietet bild bilden bilder bildet bildung bisher bisschen bist bleiben bleibt blick blieb
bloss brachte brauche brauchen braucht breite bremen buch bucher bundesliga buro bzw ca chance
chef china cm computer dabei dachte dadurch dafur dagegen daher dahin damals damen damit danach
dann dar daran darauf daraus darf darin darstellung daruber darum darunter das dass dauert
davon davor dazu dein deine deinem deinen deiner dem denen denke denken denkt denn dennoch der
deren derzeit des deshalb dessen deswegen deutlich deutsch deutsche deutschen deutscher
deutschland deutschlands dezember di dich dienen dienst diese diesem diesen dieser dieses
diesmal ding dinge dir direkt doch dollar dorf dran draussen drei dresden drin dritte dritten
du durchaus durchgefuhrt dusseldorf eben ebene ebenfalls ebenso echt echte ecke eh eher ehrlich
eigene eigenen eigenes eigentlich ein eine einem einen einer eines einfach einfuhrung
eingesetzt einige einigen einiges einmal eins einzelne einzelnen empfehlen england englisch
entdeckt entfernt entgegen enthalt enthalten entlang entsprechend entsprechende entsprechenden
entspricht entstanden entstehen entsteht entweder entwickeln entwickelt er erfahren erfolgt
erhalt erhalten erhielt erinnern erinnert erklaren erklart erlaubt erneut eroffnet erreichen
erreicht erscheint erst erste ersten erster erstes erstmal erstmals erwahnt erzahlen erzahlt es
etc etwa etwas euch euer eure euro europa europaische europaischen extra extrem fahren fahrer
fahrt falle fallt falsche fand fanden fans farbe fast februar feiern feld fernsehen fest film
filme finde finden findest findet firma firmen flughafen folge folgen folgende folgenden folgt
fordert form forschung foto fotos frage fragen fragt frankfurt frankreich franzosischen frei
freie freien fruh fruher fruheren fuhren fuhrt fuhrte fuhrung funf funktion funktioniert
fussball gab ganz ganze ganzen gar garten gaste geandert gearbeitet gebaude gebaut geben gebiet
gebracht geburtstag gedacht gefragt gefuhrt gefunden gegeben gegen gegend gegensatz gegenuber
geh gehabt gehe gehen gehoren gehort gekauft gekommen gelegenheit gemacht gemeint genannt
genannten genau genauso generation genommen genutzt geplant gerade gern gesagt gesamte gesamten
geschaft geschlossen geschrieben gesehen gesetzt gesprochen gestellt gestern gesucht getan
gewahlt gewesen gewinn geworden gezeigt gezogen gibt gibt's gibts gilt ging gingen glaub
gleiche gleichen gleichzeitig gmbh google grad grade gross grosser grossere grosseren grosses
grosste grossten grun grund grunde grunden grundlage grundsatzlich gute guter ha hab habe haben
habt halb halfte halle halt halten hamburg handel handeln handelt handy hannover hast hat hatte
hatten haufig hauptsachlich haus hause heissen heisst heraus herbst herren herum heutigen hier
hinaus hingegen hinten hinter hinweis hinzu historischen hof hoffentlich holen holz horen hort
hotel idee ideen ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres immer immerhin indem industrie
information informationen inhalt innen innerhalb insbesondere insel insgesamt institut
interessant interesse interessen interessiert international internationale internationalen
internet interview inzwischen irgendwann irgendwas irgendwie irgendwo ist italien jahr jahre
jahren jahres jahrhundert jahrhunderts januar je jede jedem jeden jedenfalls jeder jedes jedoch
jemand jemanden jetzt jeweiligen jeweils job juli juni kam kamen kamera kann kannst karriere
kauf kaufen kaum kein keinem keinen kenne kennen kennt kilometer kino klasse klein klingt km
knapp kollegen koln komm kommentar kommission kommt komplett konne konnen konnt konnte konnten
konzept kosten kostenlos kostet kuche kultur kunden kunst kunstler kurz kurze kurzen laden lag
lager land lander landern landes landkreis lang lange langen langer langsam langst lass lassen
lasst lauf laufe laufen lauft laut league lediglich legen legt legte lehrer leipzig leitung
lernen lesen lied lief liegen liegt liess liga linie link links literatur london losen mach
mache machen machst macht machte mai mail mal man manche manchmal mannschaft markt marz masse
material medien mehrere mehreren mehrheit mein meine meinem meinen meiner meines meinst meint
meinte meinung meist meisten meistens melden menge meter mich milliarden millionen mindestens
mio mir mit mitarbeiter mitte mitten mittlerweile mm mochte mochten modell moderne moglich
moglicherweise moglichkeit moglichkeiten moglichst moment monat monate monaten munchen museum
musik mussen musst musste mussten na nach nachdem nachste nachsten nacht nahe naher nahm naja
name namen namlich naturlich neben nehme nehmen nein nen nennen nennt nett netz neu neue neuen
neuer neues neun nicht nichts nimmt nix noch nochmal norden notwendig nr nummer nun nur
nurnberg nutzen o'clock ob oben obwohl oder offen offenbar offensichtlich offentlich
offentliche offentlichen offiziell oft oh ohne oktober online organisation original ort osten
osterreich paris passen pc perfekt person personen plan platz plotzlich plus polen position
post praxis preis preise presse pro produkte produktion professor projekt prozent prufung ps
punkt punkte punkten radio rahmen raum rechts rede reden regelmassig regen region reihe rein
reise reisen relativ rennen richtig richtige richtigen richtung rom roman rote roten runde
russland sache sachen sachsen sag sage sagen sagt sagte sah saison satz schau schauen schaut
scheint schicken schiff schliessen schliesslich schloss schnell schneller schone schonen
schoner schreiben schreibt schrieb schule schulen schuler schweden schweiz schweizer sechs sehe
sehen sehr sei seid seien sein seine seinem seinen seiner seines seit seitdem seite seiten
sekunden selben selber selbst selbstverstandlich selten serie setzen setzt setzte show sich
sicher sicherlich sicht sie sieben siehe siehst sieht sind sobald sodass sofort sogar
sogenannten solange solche solchen soll sollen sollte sollten solltest somit sommer sondern
song sonne sonst sowas soweit sowie sowieso sowohl spanien spat spielte sport sprach sprache
sprachen sprechen spricht staaten stadt stadte stand standen standig star start starten statt
steckt stehen steht steigt stelle stellen stellt stellte stets stiftung stil stimmt strasse
strassen strecke strom studenten studium stunde stunden stuttgart suche suchen tagen taglich
tatigkeit tatsache tatsachlich technik technische technischen teil teile teilen teilnehmer
teils teilweise theater tisch titel toll tolle top tor total tour tradition tragen tragt
trainer treffen trifft trotz trotzdem tun tur turkei tut tv twitter uberall uberhaupt ubrigens
um umgebung umwelt unabhangig unbedingt und ungefahr unglaublich universitat uns unser unsere
unserem unseren unserer unseres unten unter unternehmen unterschied urlaub ursprunglich usa usw
van veranstaltung veranstaltungen verbindung verfugung vergangenen vergessen vermutlich
verschiedene verschiedenen verstanden verstehe verstehen versuche versuchen versucht vertreter
verwaltung verwenden verwendet verwendung video videos viel vier voller vollig
vollkommen vollstandig vom von vor vorhanden vorher vorne vorstellen vorstellung vorteil wagen
wahlen wahr wahrend wahrscheinlich wann ware waren warten warum website weder wege wegen weil
weise weiss weisse weissen weisst weit weitere weiteren weiterer weiteres weiterhin welche
welchem welchen welcher welches weltweit wen wenig wenige wenigen weniger wenigstens wenn wer
werbung werde werden werk werke wesentlich westen wetter wichtiger wichtigsten wie wieder
wiederum wien wiener wieso willkommen willst wind winter wir wird wirklich wirst wissen
wissenschaft wm wo wobei woche wochen wochenende woher wohnen wohnung wollen wollt wollte
wollten worden wort worte wow wurde wurden wusste york youtube zahl zahlen zahlreiche
zahlreichen zehn zeigen zeigt zeigte zeit zeiten zeitpunkt zeitung zentrum ziehen zieht
ziemlich zimmer zog zu zudem zuerst zugleich zuhause zum zumindest zunachst zur zurich zuruck
zusammenhang zusatzlich zuschauer zuvor zwar zwei zweite zweiten zwischen
""".split()

EVERYDAY = frozenset(EN_EVERYDAY + TR_EVERYDAY + DE_EVERYDAY)
