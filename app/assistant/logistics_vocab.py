"""The logistics grammar's vocabulary, as data: every word a reply may use and still be
acted on with nobody reading it (the closed world of DESIGN.md, promise 4).

A reply is acted on alone only when each of its words is one of these (or a number, a
time, a date, punctuation, an emoji the normaliser turned into a word). Anything else
(a feeling, a relative, an illness, a complaint, a question of another kind) leaves the
reading as it is but sends the message to a person. Reading this file tells exactly
what may pass unread.

English words are listed whole (with their common endings added by `closed_world`);
Turkish ones as stems that take any case, person, tense and negation endings
("gel" covers "gelemeyeceğim", "geliyorum", "gelcem"), written in ASCII because the
text has been folded ("gorusuruz" for "görüşürüz").
"""

from __future__ import annotations

# --- English ------------------------------------------------------------------------

EN_FUNCTION = """
a an the and or but so then than that this these those it its it's i me my mine we us
our you your yours he she they them his her their to of for at on in by with from about
as if is am are was were be been being do does did done doing have has had having will
would shall should can could may might must not no yes yeah yep ok okay okey k kk just
also too very really quite bit little a lot lots much many some any all both each every
more most less only still even already yet again now soon later today tonight
tomorrow yesterday morning afternoon evening night noon midday week weekend day days
date time times hour hours minute minutes min mins sec second seconds half quarter past
o'clock oclock am pm a.m p.m there here what when where which who how why whether
instead rather either neither else than up down out off over into onto back forward
ahead around near nearly about approx approximately roughly maybe probably
next last this coming following same other another new earlier later early late before
after until till til since while during per via re please pls plz thanks thank thx ty
cheers much lot so such
""".split()

EN_ACK = """
yes yeah yep yup yea ya aye sure surely certainly definitely absolutely of course ofc
fine good great perfect lovely brilliant super excellent awesome cool nice grand
alright alrighty right noted understood got it gotcha roger copy confirm confirmed
confirming confirmation booked booking attend attending attendance come coming came
make made making be there see seeing soon then look looking forward forwards go going
gonna wanna will shall count in works work working suits suit suited sounds sound
looks fine ok okay okie dokie thumbs tick
hello hi hey hiya morning evening afternoon good dear all team
thanks thank you thx ty cheers appreciate appreciated grateful kind kindly much
sorry apologies apologise apologize apologising apologizing apology pardon oops excuse brill
regards best wishes warm kind take care bye goodbye cya ciao laters xx x xox love
""".split()

EN_SCHEDULING = (
    """
session sessions appointment appointments appt appt. apt booking bookings slot slots
visit meeting call therapy therapist clinic office practice reminder reminders message
messages text texts sms reply replying replied answer answered
cancel cancels cancelled canceled cancelling canceling cancellation call off miss missing
skip skipping unable able cannot can't cant won't wont afraid unfortunately sadly
reschedule rescheduling rescheduled move moving moved change changing changed shift
push pushed bring brought postpone postponed switch swap rearrange rearranged rebook
available availability free open opening openings possible possibly instead prefer
preferably better easier suit suits work works option options alternative another
different other earlier later day days time times date dates
late later running run behind delayed delay delays minutes mins min stuck traffic
bus train tube metro ferry taxi cab uber car parking park parked road roads roadworks
jam queue accident diversion station stop platform line cancelled signal signals
walking walk drive driving leaving leave left way route rush hour outside downstairs
upstairs arrive arriving arrived get getting there here nearly almost just few couple
quick quickly asap hurry rushing rush hurrying
reminder remind reminders notify notification notifications know knew knowing
mind need needed no need worry worries problem problems issue issues
number phone probs haha lol like opt receive anymore heads up checking check service
altogether remove thought think thinking mind never after all lorry bin broke broken
down battery tyre flat puncture garage
ja bis danke gerne tschuss montag dienstag mittwoch donnerstag freitag samstag sonntag
ich komme kommen heute morgen abend bitte leider muss absagen absage termin termine fur
keine mehr nachricht nachrichten erinnerung erinnerungen passt gut hallo guten tag
liebe lieber gruss grusse viele lg vg mfg entschuldigung spater minuten paar gleich
unterwegs stau zug verspatung bestatige klappt geht klar ordnung schon vielen dank
verschieben verschoben verlegen verlegt umbuchen umgebucht uhr uhrzeit mittags vormittags
nachmittags abends morgens ginge gehen schaff schaffe schaffen sitzung sitzungen dauert
lange handwerker elternabend absagen abgesagt erinnern erinnert frei verspate verspatet mich
ubahn sbahn clock clocks
jo jap jep jupp jawohl klaro gebongt evtl eventuell vielleicht melde bescheid da bin sind
stunde stunden std viertelstunde halbe fruher eher anfangen beginnen machen stornieren
storniert streichen ausfallen fallt aus nicht kann konnen konnten koennten wir uns sehen
dabei erinnerung raum klingel stock eingang etage freundlichen grussen gruss
arranged arrange attend attending saglikla esenlikle
hasnt havent isnt arent wasnt werent doesnt dont didnt cant couldnt wont wouldnt shouldnt
im ive id ill youre theyre thats whats theres lets omw soz sozz eta fits fit suits bahn
s-bahn u-bahn tram tube overground bvg kids kid children child son daughter mum mom dad
husband wife partner family nursery school run postcode entrance door floor
slow reply pickup drop-off silent skip
dentist work meeting school nursery pick collect y wait waiting stay staying hold
holiday holidays timetable timetables drop dropping dropped strike strikes closed closure
list mailing unsubscribe subscribe database records system alerts texting messaging
contact contacting communication communications stop stopping sending send sent
happy new year merry christmas xmas season seasons greetings festive
northern central district circle jubilee victoria piccadilly bakerloo metropolitan elizabeth dlr
closures snow snowing ice icy fog flood flooded weather rain raining storm failure
engineering works replacement detour delayed cancelled overrunning overran commute
""".split()
    + """
""".split()
)

EN_DAYS = """
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur
thurs fri sat sun weekday weekend january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec
st nd rd th first second third fourth fifth one two three four five six seven eight
nine ten eleven twelve fifteen twenty thirty forty fifty sixty ninety hundred half
quarter o'clock noon midday
""".split()

# --- Turkish (ASCII stems that take endings) ---------------------------------------

TR_STEMS = """
evet tamam tmm olur peki tabi tabii elbette kesin kesinlikle aynen okey onay onayla
teyit uygun sorun problem mesele gel gelir gelece geliyor gelme gelem gelmi katil
orada orda oraya orday burada burda gidi gide yola yold yolu yolda var varir varac
varis ulas gorus bulus merhaba selam slm mrb iyi gunler aksam sabah ogle ogleden gece
hayirli tesekkur tsk sagol sagolun eyvallah rica ozur pardon kusura bakma affedersiniz
hocam hoca hanim bey hanimefendi beyefendi abla abi sevgi saygi sevgiler saygilar
iptal ertele kaydir degistir degis baska farkli diger yeni erken gec geciki gecik rotar
trafik trafikte kal kalac kaliy kalir yetis yetisemi musait bos uygun mumkun mumkunse
randevu seans gorusme terapi klinik ofis mesaj sms hatirlat bildirim numara cevap
yaz yazi ara arayin donus haber bilgi bilgilendir not alabilir alalim alsak alin cek
cekebilir saat dakika dk dakka yarim ceyrek bucuk sonra once ayni gun hafta haftaya
haftaki ay yil bugun yarin obur ertesi dun gelecek onumuzdeki sonraki bu su o
pazartesi sali carsamba persembe cuma cumartesi pazar ocak subat mart nisan mayis
haziran temmuz agustos eylul ekim kasim aralik
bir iki uc dort bes alti yedi sekiz dokuz on yirmi otuz kirk elli altmis doksan
ben biz siz sen bana beni bize bizi size sizi benim bizim sizin
da de ki mi mu misiniz musunuz miyiz muyuz mi mu ise ile ve veya ya yada ama fakat ancak
sadece yalniz biraz birkac cok az daha en hep hic gibi kadar icin diye ne nasil neden
nerede nere kim hangi kac acaba lutfen rica artik hala zaten simdi hemen birazdan
az once biraz sonra olarak olacak olabilir olmaz olsun olmasi olsa olur oluyor olcak
ol ise is isler calis toplanti
metro metrobus otobus minibus dolmus vapur tren marmaray taksi araba arac otopark park
yol kopru trafik kaza yagmur kar asansor servis
bekle bekley istiyorum istemiyorum iste gonder gondermeyin atmayin birakin kapat cikar
cikarin liste
kontrol hatirla biliyorum bili bilgi gerek eder ediyor edel edin edil edebil edece etme
etmey etmi etti ettik olca olac olabil olsun olmaz olmak olmas olur alma alabil alir
ver kalabil ariza bozul bozuk sekil sistem rahatsiz merak uzere yaklasik gibi falan
kadar sure sureli telefon sarj pil batarya insallah kismet hayir degil ozur diler
yogun kalabalik felc herhalde galiba probably yani tekrar atma atmaniza onceki uzuyor
uzadi isim isten sonlari sonu seferlik yeter yerine ici hafta sonu overran overrun
ran over running over
sefer seferlik kez defa kolay efendim olucam olcam olacag unut zaten dahaki yarar
durdu duruyor saniye dur kacir kacirdim birak kurs yap yapti sevinir cocuk cocuklar
anne anneme annem baba babam esim kizim oglum aile kalma kalmay katilam katilma katilmay
yetisme gecikme gelmey gelemi geleme
muhtemelen sanirim cikis cikista kapali kapanmis gelebil gecikebil kalabil yetisebil
yetisemeyebil kres okul mesai grev bakim calisma kazaya
seneler yillar mutlu bayram bayramlar bayraminiz sori sory
ciktim ciktik cikiyor cikacag cikinca cikarken sinav vize
""".split()

# Short Turkish words that must match whole (a stem this short would cover too much).
TR_WORDS = """
ok ya da de ki mi mu ve bu su o ne en az on iki uc bes hep hic bi bir var yok tam ise
te ta e a ye ya den dan ten tan i u si su nde nda inde de
kib iyg eyw hg allah razi
""".split()

# Words that end a message as a signature or a greeting's name are allowed when the
# original writes them with a capital letter (a name), at the start or the end.
HONORIFICS = frozenset("hanim bey hocam hoca abla abi mr mrs ms miss dr".split())
