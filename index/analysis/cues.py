"""Hand-written context cues for naming and typing entities, per language.

Everything here is general knowledge of how news prose introduces people, organisations and
places (titles, roles, legal-form suffixes, head nouns, prepositions), written for Rubrique.
All words are stored case-folded without accents; lookups fold the same way.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from index.models import EntityKind


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Case-fold and strip accents: the form every list here and every entity key uses."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _words(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


# Words that put a person's name right after them (titles, forms of address, roles).
PERSON_TITLES = _words(
    """
    mr mrs ms miss dr prof sir dame lord lady mister madam rev fr st sen rep gov gen col capt
    lt sgt cpl maj adm insp supt president vice-president chancellor premier minister secretary
    senator congressman congresswoman governor mayor judge justice ambassador chairman chairwoman
    chair ceo cfo coo founder cofounder co-founder chief director manager coach captain king
    queen prince princess pope cardinal archbishop bishop father sister brother rabbi imam sheikh
    general colonel major lieutenant sergeant admiral commander inspector detective officer
    spokesman spokeswoman spokesperson striker midfielder defender goalkeeper forward batsman
    bowler skipper champion player rider driver veteran rookie leader deputy counsellor
    analyst economist professor doctor lawyer attorney prosecutor actor actress singer writer
    author novelist poet painter composer conductor star
    m mm mme mmes mlle mlles me mgr pr president presidente presidenta premier ministre ministre
    chancelier chanceliere secretaire senateur senatrice depute deputee maire gouverneur juge
    ambassadeur ambassadrice pdg directeur directrice patron patronne fondateur fondatrice roi
    reine prince princesse pape cardinal eveque abbe pere soeur general colonel capitaine
    commandant lieutenant sergent inspecteur commissaire porte-parole entraineur selectionneur
    attaquant milieu defenseur gardien joueur joueuse pilote champion championne avocat avocate
    procureur professeur docteur acteur actrice chanteur chanteuse ecrivain ecrivaine auteur
    romancier peintre compositeur chef dirigeant dirigeante conseiller conseillere adjoint
    adjointe elu elue candidat candidate economiste ministre-president cheffe madame monsieur
    mademoiselle maitre feu
    sr sra srta srs dona don d dr dra lic ing senor senora senorita presidente presidenta
    vicepresidente ministro ministra canciller secretario secretaria senador senadora diputado
    diputada alcalde alcaldesa gobernador gobernadora juez jueza fiscal embajador embajadora
    consejero consejera director directora gerente fundador fundadora portavoz entrenador
    tecnico seleccionador delantero centrocampista defensa portero jugador jugadora piloto
    campeon campeona abogado abogada profesor profesora doctor doctora actor actriz cantante
    escritor escritora autor autora rey reina principe princesa papa obispo padre hermano
    coronel capitan teniente sargento comandante inspector comisario lider dirigente
    herr frau fraulein prasident prasidentin bundesprasident bundeskanzler bundeskanzlerin
    kanzler kanzlerin minister ministerin bundesminister bundesministerin ministerprasident
    ministerprasidentin staatssekretar staatssekretarin senator senatorin abgeordnete
    abgeordneter burgermeister burgermeisterin oberburgermeister oberburgermeisterin richter
    richterin botschafter botschafterin vorsitzende vorsitzender chef chefin vorstandschef
    vorstandsvorsitzende vorstandsvorsitzender geschaftsfuhrer geschaftsfuhrerin grunder
    grunderin sprecher sprecherin trainer trainerin stürmer sturmer torwart spieler spielerin
    fahrer fahrerin anwalt anwaltin staatsanwalt professor professorin doktor schauspieler
    schauspielerin sanger sangerin autor autorin schriftsteller schriftstellerin konig konigin
    prinz prinzessin papst bischof pfarrer general oberst hauptmann kommissar parteichef
    landrat landratin kollege kollegin
    """
)

# Abbreviations followed by a full stop that does not end the sentence.
ABBREVIATIONS = _words(
    """
    m mm mme mlle me mgr pr dr drs mr mrs ms st sr sra srta jr prof gen col capt lt sgt rev
    gov sen rep no nr vol art fig ca co corp inc ltd bros dept univ av ave blvd bd hr fr
    """
)

# Tokens that end an organisation's name (legal forms) or head it.
ORG_SUFFIXES = _words(
    """
    inc corp corporation co ltd llc plc lp llp ag gmbh kg kgaa se sa sas sarl sca spa srl nv bv
    ab asa oy as sl slu cia cie ltda group groupe gruppe holding holdings
    """
)
ORG_HEADS = _words(
    """
    bank banks airlines airways railways motors industries industry petroleum energy oil gas
    telecom telecommunications communications systems technologies technology software
    pharmaceuticals pharma insurance securities capital partners investments fund trust
    association associations union council committee commission authority agency
    federation league party parliament congress senate assembly court tribunal ministry
    department office bureau institute institution foundation society university college
    school academy hospital club team united city rovers wanderers athletic fc cf ac sc afc
    borussia dynamo dinamo spartak lokomotiv sporting hotspur
    army navy police church museum orchestra records studios press times post news journal
    herald gazette tribune reuters company companies exchange board service services network
    music entertainment pictures
    government administration cabinet coalition alliance movement front organisation
    organization center centre laboratory labs
    banque banco caisse compagnie societe entreprise groupe association federation ligue parti
    assemblee conseil commission comite cour tribunal ministere direction agence office
    institut fondation universite ecole academie lycee college hopital clinique club equipe
    olympique racing stade armee eglise musee orchestre journal syndicat mutuelle confederation
    prefecture mairie senat gouvernement chambre centre laboratoire
    banca caja compania sociedad empresa grupo asociacion federacion liga partido asamblea
    consejo comision comite corte tribunal ministerio direccion agencia oficina instituto
    fundacion universidad escuela academia hospital club equipo deportivo atletico real
    ejercito iglesia museo orquesta diario periodico sindicato confederacion gobierno
    ayuntamiento generalitat junta audiencia congreso senado camara parlamento policia guardia
    bolsa cadena televisión television radio
    bank sparkasse versicherung gesellschaft verein verband bund bundesverband partei
    ministerium bundesministerium amt bundesamt behorde kommission ausschuss rat gericht
    bundesgericht landgericht amtsgericht institut stiftung universitat hochschule schule
    akademie klinik krankenhaus klinikum museum orchester zeitung verlag konzern werke werk
    bundestag bundesrat landtag senat regierung bundesregierung polizei bundeswehr armee
    kirche gewerkschaft kammer borse
    """
)
# German compound endings that make an organisation ("Landesbank", "Sportverein").
GERMAN_ORG_ENDINGS = (
    "bank",
    "partei",
    "verein",
    "verband",
    "ministerium",
    "gericht",
    "amt",
    "konzern",
    "gesellschaft",
    "stiftung",
    "zeitung",
    "versicherung",
    "kasse",
    "werke",
    "gruppe",
    "rat",
    "kommission",
    "akademie",
    "universität",
    "hochschule",
    "bund",
    "agentur",
    "behörde",
    "tag",
    "union",
    "liga",
)

# Words after which a capitalised name is most likely a place.
PLACE_PREPOSITIONS = _words(
    """
    in at near from to into across outside inside throughout
    a au aux en dans vers pres depuis
    en desde hacia hasta
    in im nach aus bei von vom zum zur nahe
    """
)
# Head words that make a place.
PLACE_HEADS = _words(
    """
    street road avenue square park river lake mount mountain mountains island islands bay sea
    ocean gulf valley county province state region district airport bridge station
    rue avenue boulevard place quai pont parc riviere fleuve lac mont montagne ile iles baie mer
    ocean golfe vallee departement province region canton commune aeroport gare chateau
    calle avenida plaza paseo parque rio lago monte sierra isla islas bahia mar oceano golfo
    valle provincia region comarca aeropuerto estacion puerto
    strasse platz allee weg park fluss see berg gebirge insel inseln bucht meer tal kreis
    landkreis bezirk provinz region flughafen bahnhof hafen
    arena stadium estadio stadion palace palais palacio palast theatre theater teatro room
    """
)
# Nouns of administrative areas that name one before "of"/"de" ("the county of Kent", "les
# comtés de Shackelford et de Milam", "la provincia de Cádiz") or, in German, right before it
# ("im Landkreis Gifhorn", "der Stadt Narvik"): what follows is a place, whatever its shape.
ADMIN_AREA_NOUNS = _words(
    """
    county counties state province provinces city town village region district municipality
    borough township
    comte comtes province provinces region regions departement departements canton cantons
    commune communes ville villes village etat etats arrondissement
    condado condados provincia provincias municipio municipios ciudad localidad region
    departamento estado villa pueblo comarca
    landkreis kreis stadt gemeinde bundesland bundesstaat provinz kanton region bezirk
    """
)
# German nouns, and compound endings, that put a place right after them ("die Kreisstadt
# Gifhorn", "der Hafen Port Grosvenor", "zwischen den Stationen Finch und Sheppard").
PLACE_CUE_ENDINGS_DE = (
    "stadt",
    "gemeinde",
    "dorf",
    "ortschaft",
    "insel",
    "hafen",
    "station",
    "schlucht",
    "provinz",
    "bundesstaat",
    "region",
)
# Words that introduce a work, event or product ("the film", "le festival").
OTHER_HEADS = _words(
    """
    cup championship championships open games olympics tournament festival prize award awards
    trophy grand prix world series marathon war
    coupe championnat jeux festival prix trophee tournoi guerre
    copa campeonato juegos festival premio trofeo torneo guerra mundial
    pokal meisterschaft spiele festival preis turnier krieg
    act acts directive regulation treaty accord accords protocol convention charter bill day
    tour masters index
    loi directive reglement traite accord protocole convention charte pacte
    ley directiva reglamento tratado acuerdo protocolo convenio pacto
    gesetz verordnung richtlinie vertrag abkommen pakt
    """
)

WIRE_ABBREVIATIONS = _words(
    """
    shr shrs revs oper qtr qtly qtrly mthly mths pretax avg cts dlrs dlr mln bln pct stg
    """
)
"""Results-table abbreviations of wire copy, a common word in any casing: "SHR 1.4 cts",
"50 MLN STG" are no acronyms."""

# Capitalised words that are not names even where capitals mean something (mid-sentence):
# English months and weekdays, honorifics standing alone, and the like.
CAPITALISED_COMMON = {
    "en": _words(
        """
        monday tuesday wednesday thursday friday saturday sunday january february march april
        may june july august september october november december i mr mrs ms dr sir god
        shr shrs revs oper qtr qtly qtrly mthly mths pretax avg cts dlrs dlr mln bln pct stg
        semi
        tv ok am pm jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat
        sun first second third fourth fifth sixth seventh eighth ninth tenth
        """
    ),
    "fr": _words(
        """
        m mme mlle me monsieur madame lundi mardi mercredi jeudi vendredi samedi dimanche
        janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
        """
    ),
    "es": _words(
        """
        sr sra srta don dona lunes martes miercoles jueves viernes sabado domingo enero
        febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
        diciembre
        """
    ),
    "de": _words(
        """
        herr frau montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag januar
        jänner februar märz april mai juni juli august september oktober november dezember
        """
    ),
}

# Words that may join the capitalised parts of one name ("Banco de España", "Ludwig van
# Beethoven", "Bank of England"). A second connector may follow only the first ones listed
# as LEADING ("Place de la Concorde", "Bank of the West").
CONNECTORS = _words(
    """
    de du des la le d' l' van von der den del della delle di da do dos das of for zu zur am im
    al el bin ibn ben y
    """
)
LEADING_CONNECTORS = _words("de of von van del di da do dos das")
CONNECTOR_LANGS: dict[str, frozenset[str]] = {
    "en": _words("of for the de du la le van von der den del della di da do dos das al bin ibn"),
    "fr": _words("de du des la le d' l' van von der den del della di da do dos das al ben"),
    "es": _words("de del la las los van von der den della di da do dos das al"),
    "de": _words("von vom der den des zu zur am im van de da di del la le für"),
}

# English nationality and group adjectives (CoNLL calls them MISC); German adjective stems
# derived from place names, lower-case in text ("die deutsche Regierung").
DEMONYMS_EN = _words(
    """
    afghan albanian algerian american andorran angolan argentine argentinian armenian
    australian austrian azerbaijani bahraini bangladeshi belarusian belgian bolivian bosnian
    brazilian british bulgarian burmese burundian cambodian cameroonian canadian chadian
    chilean chinese colombian congolese croatian cuban cypriot czech danish dutch ecuadorean
    ecuadorian egyptian emirati english eritrean estonian ethiopian european filipino finnish
    french gabonese georgian german ghanaian greek guatemalan guinean haitian honduran
    hungarian icelandic indian indonesian iranian iraqi irish israeli italian ivorian jamaican
    japanese jordanian kazakh kenyan korean kosovar kuwaiti kyrgyz laotian latvian lebanese
    liberian libyan lithuanian luxembourgish macedonian malagasy malawian malaysian malian
    maltese mauritanian mexican moldovan mongolian montenegrin moroccan mozambican namibian
    nepalese nepali nigerian nigerien norwegian omani pakistani palestinian panamanian
    paraguayan peruvian polish portuguese qatari romanian russian rwandan saudi scottish
    senegalese serbian sierra slovak slovakian slovenian somali african asian arab arabic
    spanish sri sudanese swedish swiss syrian taiwanese tajik tanzanian thai togolese tunisian
    turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni
    zambian zimbabwean soviet yugoslav bosnian kurdish latin nordic scandinavian balkan baltic
    caribbean persian hispanic christian muslim catholic protestant jewish islamic buddhist
    hindu sikh orthodox sunni shia shiite republican democrat democratic socialist communist
    conservative liberal labour tory gaullist marxist moslem chechen briton swede dane finn
    pole serb croat kurd iraqi israeli arab hutu tutsi zairean texan californian dutchman
    frenchman englishman scot turk uzbek tamil sinhalese pashtun bengali punjabi filipina
    brit yankee european african asian latino
    """
)
DEMONYM_STEMS_DE = (
    "deutsch",
    "europäisch",
    "amerikanisch",
    "französisch",
    "britisch",
    "englisch",
    "italienisch",
    "spanisch",
    "russisch",
    "chinesisch",
    "japanisch",
    "türkisch",
    "polnisch",
    "österreichisch",
    "schweizer",
    "schweizerisch",
    "niederländisch",
    "belgisch",
    "griechisch",
    "israelisch",
    "arabisch",
    "afrikanisch",
    "asiatisch",
    "iranisch",
    "irakisch",
    "syrisch",
    "ukrainisch",
    "ungarisch",
    "tschechisch",
    "dänisch",
    "schwedisch",
    "norwegisch",
    "finnisch",
    "portugiesisch",
    "brasilianisch",
    "mexikanisch",
    "kanadisch",
    "australisch",
    "indisch",
    "pakistanisch",
    "afghanisch",
    "ägyptisch",
    "palästinensisch",
    "libanesisch",
    "koreanisch",
    "vietnamesisch",
    "serbisch",
    "kroatisch",
    "bosnisch",
    "albanisch",
    "rumänisch",
    "bulgarisch",
    "slowakisch",
    "slowenisch",
    "litauisch",
    "lettisch",
    "estnisch",
    "irisch",
    "schottisch",
    "walisisch",
    "bayerisch",
    "sächsisch",
    "hessisch",
    "thüringisch",
    "badisch",
    "schwäbisch",
    "westfälisch",
    "preußisch",
    "berliner",
    "münchner",
    "hamburger",
    "kölner",
    "frankfurter",
    "wiener",
    "sowjetisch",
    "jugoslawisch",
    "katalanisch",
    "baskisch",
    "kurdisch",
    "tibetisch",
    "römisch",
    "westlich-europäisch",
    "ostdeutsch",
    "westdeutsch",
    "süddeutsch",
    "norddeutsch",
    "gesamtdeutsch",
    "lateinamerikanisch",
    "nordamerikanisch",
    "südafrikanisch",
    "nordkoreanisch",
    "südkoreanisch",
    "marxistisch",
    "christlich",
    "islamisch",
    "jüdisch",
    "muslimisch",
    "katholisch",
    "evangelisch",
)
# German noun endings: a capitalised word ending so is a common noun, not a name.
GERMAN_NOUN_ENDINGS = (
    "ung",
    "ungen",
    "heit",
    "heiten",
    "keit",
    "keiten",
    "schaft",
    "schaften",
    "ität",
    "itäten",
    "ismus",
    "ismen",
    "nis",
    "nisse",
    "nissen",
    "tum",
    "tümer",
    "ling",
    "linge",
    "lingen",
    "chen",
    "lein",
    "ionen",
    "ment",
    "ments",
    "ierung",
    "nahme",
    "gabe",
    "arbeit",
    "zeit",
    "stelle",
    "stellen",
    "weise",
    "erinnen",
    "ungs",
    "heits",
    "keits",
    "schafts",
)

# Capitalised tokens that are never names on their own: units, abbreviations, numerals.
NOT_NAMES = _words(
    """
    mrd mio mill bn mn km kg cm mm ml kb mb gb tb kw mw gw ps usd eur chf gbp jpy isbn issn
    ii iii iv vi vii viii ix xi xii xiii xiv xv xvi xvii xviii xix xx xxi chr etc usw bzw
    ca vgl ggf evtl inkl ok nr no tel fax www http https html pdf jpg png
    """
)

# Acronyms of common nouns and units: alone they name nothing ("AI", "IA", "KI", "CEO"); inside
# a longer name they stay ("Mistral AI", "AI Act").
COMMON_ACRONYMS = _words(
    """
    ai ia ki ceo pdg cfo cto coo gdp pib bip bsp co2 twh gwh mwh kwh pc tv dvd cd gps faq
    ipo pme pmi kmu sme lgbt lgbtq dna adn vih hiv ong ngo
    """
)

# Title words that cut a capitalised run in two: what precedes is a qualifier, what follows a
# person ("Palestinian President Yasser Arafat", "Foreign Minister Primakov").
SPLITTING_TITLES = _words(
    """
    president prime minister secretary chancellor premier senator governor mayor spokesman
    spokeswoman chairman chairwoman leader coach manager captain striker ceo director judge
    ambassador envoy king queen pope commissioner chief deputy vice-president
    presidente ministro ministra canciller secretario alcalde portavoz
    president ministre chancelier maire porte-parole
    prasident prasidentin kanzler kanzlerin minister ministerin
    """
)

# German nouns for nationals and inhabitants ("die Franzosen", "ein Berliner"), as stems.
DEMONYM_NOUNS_DE = (
    "franzose",
    "franzosen",
    "französin",
    "palästinenser",
    "argentinier",
    "amerikaner",
    "russe",
    "russen",
    "russin",
    "brite",
    "briten",
    "britin",
    "italiener",
    "spanier",
    "türke",
    "türken",
    "türkin",
    "israeli",
    "israelis",
    "araber",
    "chinese",
    "chinesen",
    "chinesin",
    "japaner",
    "schweizer",
    "österreicher",
    "europäer",
    "afrikaner",
    "asiate",
    "asiaten",
    "grieche",
    "griechen",
    "griechin",
    "iraner",
    "iraker",
    "syrer",
    "ukrainer",
    "niederländer",
    "holländer",
    "belgier",
    "däne",
    "dänen",
    "schwede",
    "schweden",
    "norweger",
    "finne",
    "finnen",
    "tscheche",
    "tschechen",
    "kanadier",
    "australier",
    "inder",
    "pakistaner",
    "afghane",
    "afghanen",
    "ägypter",
    "libanese",
    "libanesen",
    "koreaner",
    "vietnamese",
    "vietnamesen",
    "serbe",
    "serben",
    "kroate",
    "kroaten",
    "bosnier",
    "albaner",
    "rumäne",
    "rumänen",
    "bulgare",
    "bulgaren",
    "slowake",
    "slowaken",
    "litauer",
    "ire",
    "iren",
    "schotte",
    "schotten",
    "waliser",
    "engländer",
    "deutsche",
    "deutschen",
    "deutscher",
    "schwabe",
    "schwaben",
    "berliner",
    "münchner",
    "hamburger",
    "kölner",
    "frankfurter",
    "wiener",
    "brasilianer",
    "mexikaner",
    "kubaner",
    "portugiese",
    "portugiesen",
    "pole",
    "ungar",
    "ostdeutsche",
    "westdeutsche",
    "ostdeutschen",
    "westdeutschen",
    "bayer",
    "sachse",
    "thüringer",
    "hesse",
    "kurde",
    "kurden",
)
# Currency names that German news annotation counts among named entities of kind "other".
CURRENCIES_DE = frozenset({"euro", "eur", "dollar", "franken", "chf", "pfund", "yen", "rubel"})

# Words right after a name that make it a person: verbs of saying, and relative "who".
SPEECH_VERBS = _words(
    """
    said says told added explained warned insisted admitted argued wrote replied confirmed
    denied announced declared stressed noted
    dijo dice afirmo afirma declaro declara senalo senala explico explica indico indica
    aseguro asegura anadio anade manifesto manifiesta subrayo subraya agrego agrega
    a dit dit declare affirme explique ajoute estime souligne precise
    sagte sagt erklarte erklart betonte betont meinte meint schrieb schreibt kundigte
    berichtete berichtet erganzte erganzt kritisierte kritisiert warnte warnt forderte
    fordert bestatigte bestatigt versicherte versichert raumte
    """
)
PERSON_RELATIVES = _words("who whom quien quienes qui lequel laquelle der die welcher")

# Words of sports reporting. In an article dense with them, a town or region named without a
# preposition is mostly a club or team ("Leeds beat Chelsea 2-1", "el Barcelona venció").
SPORTS_WORDS = _words(
    """
    match matches league division season coach goal goals scored striker midfielder innings
    wickets wicket cricket soccer football tennis golf rugby basketball baseball hockey
    championship cup tournament beat beats defeated victory defeat points club team player
    players semifinal semi-final quarterfinal quarter-final halftime half-time inning homered
    pitcher stadium fixture fixtures draw drew playoff play-off relegation promoted standings
    partido partidos liga gol goles entrenador temporada equipo jugador jugadores campeonato
    victoria derrota empate copa futbol baloncesto balonmano ciclismo tenis etapa eliminatoria
    semifinales estadio marcador clasificacion goleador delantero portero
    ligue but buts entraineur saison equipe joueur joueurs championnat defaite nul coupe
    finale rencontre stade attaquant gardien classement quart demi-finale
    spiel spiele tor tore trainer saison mannschaft spieler meisterschaft sieg niederlage
    pokal verein finale bundesliga fussball stadion tabelle unentschieden halbfinale
    """
)
# Articles that put a club, not a town, before a town's name ("el Madrid", "del Betis").
CLUB_ARTICLES = {"es": _words("el del al"), "it": _words("il del al")}

# Nouns that introduce a company or other organisation by its name right after them ("the
# chipmaker Nvidia", "la société Aker", "das Unternehmen Nscale", "la empresa Iberdrola"), or
# stand after it in an apposition ("Broadcom, the chipmaker"). One such cue anywhere in an
# article makes the name an organisation everywhere in it.
ORG_CUE_NOUNS = _words(
    """
    company companies firm firms group chipmaker carmaker automaker maker makers manufacturer
    giant startup start-up carrier airline operator retailer lender insurer bank brewer
    conglomerate club agency newspaper daily broadcaster network supplier
    studio subsidiary consortium provider distributor utility miner exchange
    societe groupe entreprise firme startup constructeur fabricant geant operateur fonds
    equipe agence journal quotidien banque assureur editeur filiale fournisseur chaine
    laboratoire compagnie
    platform charity union magazine weekly radio ngo
    plateforme association syndicat magazine hebdomadaire mensuel radio ong
    plataforma asociacion sindicato revista semanario emisora ong
    empresa grupo compania firma tecnologica fabricante gigante operadora club equipo agencia
    diario periodico banco aseguradora consorcio filial multinacional electrica constructora
    cadena
    unternehmen konzern firma hersteller gruppe verein klub agentur zeitung bank anbieter
    betreiber
    """
)
# German compound endings that make the head of such a cue ("Chipkonzern", "KI-Unternehmen").
ORG_CUE_ENDINGS_DE = (
    "konzern",
    "unternehmen",
    "hersteller",
    "firma",
    "anbieter",
    "betreiber",
    "riese",
    "entwickler",
    "agentur",
    "startup",
    "start-up",
    "gesellschaft",  # "Ölgesellschaft Petrobras"
    "betrieb",  # "Weinbaubetrieb Buena Vista Winery"
    "konkurrent",  # "den Darmstädter Konkurrenten Merck"
    "verband",
    "verlag",
    "reederei",
    "brauerei",
    "versicherer",
    "sender",
    "rennstall",
    "bankhaus",
    "band",  # "die Rockband Fold Zandura"
)
# German nouns that announce an organisation as whole words, beside the shared ORG_CUE_NOUNS
# (which the German model reads as a feature, so that list stays as trained).
ORG_CUE_NOUNS_DE = frozenset(
    {"konkurrent", "rivale", "verlag", "sender", "partei", "label", "verband", "team", "band"}
)
# Words right after a name that show a company: "Nvidia shares", "Interfax news agency",
# "OpenAI chief executive Sam Altman".
ORG_CUE_AFTER = _words(
    """
    shares stock stocks shareholders chief ceo cfo boss chairman executives subsidiary
    newsroom agency daily newspaper inc corp plc
    """
)
# Roles that name the organisation after "of"/"de"/"von": "chief executive of OpenAI",
# "PDG d'Orange", "Chef von Siemens", "consejero delegado de Repsol".
ORG_CUE_ROLES = _words(
    """
    ceo executive chairman founder co-founder cofounder boss shares stake shareholders
    pdg patron patronne fondateur fondatrice cofondateur cofondatrice co-fondateur actionnaire
    actions dirigeants
    delegado fundador fundadora cofundador acciones accionista accionistas
    chef chefin grunder grunderin mitgrunder aktien aktionare
    """
)

# French head nouns of institutions whose names go on in lower case ("Cour des comptes
# européenne", "Agence internationale de l'énergie", "Conseil d'État").
FRENCH_INSTITUTION_HEADS = _words(
    """
    cour conseil banque agence assemblee commission comite union nations organisation office
    autorite tribunal parlement fonds federation confederation institut caisse parti front
    mouvement rassemblement communaute fondation academie chambre haute conference direction
    ministere secretariat conservatoire observatoire centre
    """
)

# Buildings named for the institution that sits in them: our convention types them as
# organisations ("the White House said", "la Maison Blanche a annoncé").
INSTITUTION_BUILDINGS = frozenset(
    fold(name)
    for name in (
        "White House",
        "Maison Blanche",
        "Maison-Blanche",
        "Casa Blanca",
        "Weißes Haus",
        "Weißen Haus",
        "Weiße Haus",
        "Pentagon",
        "Pentágono",
    )
)
# Forms of musical, literary and artistic works: a name that opens with one is the work's
# title ("les Variations Goldberg", "la Symphonie fantastique", "the Brandenburg Concertos"
# closes with one), not an organisation. Kept apart from OTHER_HEADS, which the German model
# reads as a feature.
WORK_HEADS = _words(
    """
    variations symphony symphonies concerto concertos sonata sonatas requiem oratorio
    cantata nocturnes preludes etudes fugue fugues quartet quartets
    symphonie symphonies sonate sonates oratorio cantate fugue quatuor quatuors
    sinfonia sinfonias sonata sonatas misa cantata cuarteto variaciones
    sinfonie sinfonien sonate sonaten kantate fuge quartett variationen
    """
)
# Articles that make what follows one of many things ("un Steinway", "a Picasso"): before a
# lone name, a make or a work, not a person or a place.
INDEFINITE_ARTICLES = {
    "fr": _words("un une"),
    "es": _words("un una"),
    "en": _words("a an"),
    "it": _words("un una uno"),
}
# Nouns of recorded music and instruments: a name right after one is a make or a label
# ("le piano Steinway", "le label Deutsche Grammophon"), an organisation ("maison" is left
# out: "la maison Belot" is as often a family's house or a care home named after one).
MAKER_CUE_NOUNS = _words(
    """
    piano pianos label labels editeur editions
    label labels publisher imprint
    sello discografica editorial
    label plattenlabel verlag
    """
)
# Nouns that introduce a named product, model or project ("the chatbot ChatGPT", "le projet
# Stargate", "el modelo Gemini", "das Projekt Stargate"); after a name with a digit they do
# too ("the H20 chip").
PRODUCT_CUE_NOUNS = _words(
    """
    chatbot chatbots model models chip chips processor processors accelerator project
    programme program platform app software supercomputer system
    projet programme plateforme application logiciel modele puce puces processeur
    supercalculateur
    proyecto programa plataforma aplicacion modelo chip procesador superordenador
    projekt programm plattform modell prozessor
    """
)

# German names that open with an inflected adjective ("im Zweiten Weltkrieg", "die Vereinigten
# Staaten", "im Nahen Osten"): the adjective stem, the noun stems it heads, and the kind.
# The adjective takes -e/-en/-er/-es and the noun -s/-es/-n/-en, so stems are matched.
GERMAN_ADJECTIVE_NAMES: tuple[tuple[str, tuple[str, ...], EntityKind], ...] = (
    ("erst", ("weltkrieg",), "other"),
    ("zweit", ("weltkrieg",), "other"),
    ("olympisch", ("spiel",), "other"),
    ("vereinigt", ("staat", "königreich", "arabisch"), "place"),
    ("vereint", ("nation",), "organization"),
    ("nah", ("ost",), "place"),
    ("mittler", ("ost",), "place"),
    ("fern", ("ost",), "place"),
    ("schwarz", ("meer", "wald"), "place"),
    ("rot", ("meer",), "place"),
    ("rot", ("kreuz", "armee"), "organization"),
    ("tot", ("meer",), "place"),
    ("europäisch", ("union", "kommission", "zentralbank", "parlament", "rat"), "organization"),
    ("weiß", ("haus",), "organization"),
    ("heilig", ("stuhl",), "organization"),
)
# Words for a street or square, alone ("Hauptstraße") or after a name ("Berliner Straße").
GERMAN_STREET_ENDINGS = ("straße", "strasse", "gasse", "allee", "chaussee")
GERMAN_STREET_WORDS = frozenset(
    {"straße", "strasse", "gasse", "allee", "platz", "damm", "ufer", "chaussee", "ring", "weg"}
)

# Imperatives that open the calls to action of news pages and headings ("Revivez le match",
# "Découvrez les images", "Mira el vídeo"): capitalised only because they start a sentence, and
# rare enough in running text that word frequencies alone do not rule them out.
IMPERATIVES: dict[str, frozenset[str]] = {
    "fr": _words(
        """
        revivez retrouvez decouvrez regardez suivez lisez ecoutez reecoutez voyez revoyez
        consultez telechargez abonnez-vous inscrivez-vous partagez votez participez profitez
        cliquez reservez commandez testez comparez imaginez notez sachez rejoignez laissez
        envoyez contactez signalez essayez visionnez relisez accedez ouvrez plongez
        """
    ),
    "en": _words(
        """
        relive rewatch watch read listen subscribe click discover follow join download share
        """
    ),
    "es": _words(
        """
        revive descubre mira lee escucha sigue suscribete consulta descarga comparte vota
        participa disfruta accede descubra lea escuche siga consulte vea revive
        """
    ),
}


NUMBER_WORDS = _words(
    """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion
    deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize
    vingt trente quarante cinquante soixante cent mille
    """
)
"""English and French number words: alone ("Record March Two", "Pay April One") they are dates
and counts, never names; inside a name they stay ("Formula One", "Les Deux Magots")."""

UNIT_SYMBOLS = _words(
    """
    nm kw kwh mw mwh gw gwh twh hz khz mhz ghz ko mo go to kb mb gb tb kbps mbps gbit
    ch cv hp bhp ps mph kmh
    """
)
"""Units written with a capital ("850 Nm", "300 kW", "64 Go"): after a number, no name."""

HOLIDAYS = _words(
    """
    noel paques toussaint pentecote ramadan hanoucca hanouka christmas easter thanksgiving
    halloween hanukkah navidad pascua weihnachten ostern pfingsten
    """
)
"""Feasts named alone ("joyeux Noël", "at Christmas") are dates and events, not people
("Noël" is also a first name: with a surname after it, it still is one)."""

US_STATES = _words(
    """
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo
    mont neb nev n.h n.j n.m n.y n.c n.d okla ore pa r.i s.c s.d tenn tex va vt wash w.va
    wis wyo
    """
)
"""US states as wire copy abbreviates them, with a full stop ("Calif.", "N.J."); a place
only after a town and a comma ("Danville, Calif."), where no other reading fits."""
