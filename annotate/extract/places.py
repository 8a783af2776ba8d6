"""A gazetteer of countries, territories, capitals, large cities and regions, in their common English names.

Shared by the entity tagger (a place is a PLACE, and 'Sudan and Gaza' two of them) and speaker resolution
(a country speaks as an organisation; 'the Kenyan president' is a role qualified by a place). News names
places far beyond any one beat, so the list is the world's, not a region's.
"""

from __future__ import annotations

_COUNTRIES = (
    "Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|Austria|"
    "Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|"
    "Bosnia and Herzegovina|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|"
    "Canada|Cape Verde|Central African Republic|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|"
    "Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt|El Salvador|"
    "Equatorial Guinea|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|"
    "Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|"
    "Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|"
    "Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|"
    "Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|"
    "Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal|Netherlands|New Zealand|Nicaragua|"
    "Niger|Nigeria|North Korea|North Macedonia|Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|"
    "Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saint Lucia|Samoa|"
    "San Marino|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|"
    "Solomon Islands|Somalia|South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|"
    "Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Timor-Leste|East Timor|Togo|Tonga|"
    "Trinidad and Tobago|Tunisia|Turkey|Turkiye|Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|UAE|"
    "United Kingdom|UK|Britain|Great Britain|England|Scotland|Wales|Northern Ireland|United States|US|USA|"
    "America|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|"
    "Gaza|West Bank|Gaza Strip|Crimea|Donbas|Donbass|Hong Kong|Macau|Greenland|Puerto Rico|Tibet|Xinjiang|"
    "Kashmir|Chechnya|Abkhazia|South Ossetia|Transnistria|Nagorno-Karabakh|Western Sahara|Kurdistan"
)
_CITIES = (
    "Kabul|Tirana|Algiers|Buenos Aires|Yerevan|Canberra|Sydney|Melbourne|Vienna|Baku|Manama|Dhaka|Minsk|Brussels|"
    "La Paz|Sarajevo|Brasilia|Rio de Janeiro|Sao Paulo|Sofia|Phnom Penh|Ottawa|Toronto|Montreal|Vancouver|"
    "Santiago|Beijing|Shanghai|Bogota|Kinshasa|Zagreb|Havana|Nicosia|Prague|Copenhagen|Cairo|Addis Ababa|Tallinn|"
    "Helsinki|Paris|Marseille|Tbilisi|Berlin|Munich|Frankfurt|Hamburg|Accra|Athens|Budapest|Reykjavik|New Delhi|"
    "Delhi|Mumbai|Jakarta|Tehran|Baghdad|Mosul|Dublin|Jerusalem|Tel Aviv|Rome|Milan|Tokyo|Osaka|Amman|Astana|"
    "Nairobi|Pristina|Kuwait City|Bishkek|Riga|Beirut|Tripoli|Benghazi|Vilnius|Luxembourg|Kuala Lumpur|Valletta|"
    "Mexico City|Chisinau|Ulaanbaatar|Podgorica|Rabat|Maputo|Naypyidaw|Yangon|Kathmandu|Amsterdam|The Hague|"
    "Rotterdam|Wellington|Auckland|Abuja|Lagos|Pyongyang|Skopje|Oslo|Muscat|Islamabad|Karachi|Lahore|Ramallah|"
    "Panama City|Lima|Manila|Warsaw|Lisbon|Doha|Bucharest|Moscow|St Petersburg|St. Petersburg|Kigali|Riyadh|"
    "Jeddah|Dakar|Belgrade|Singapore|Bratislava|Ljubljana|Mogadishu|Pretoria|Johannesburg|Cape Town|Seoul|Juba|"
    "Madrid|Barcelona|Colombo|Khartoum|Stockholm|Bern|Geneva|Zurich|Davos|Damascus|Aleppo|Idlib|Taipei|"
    "Dushanbe|Dodoma|Dar es Salaam|Bangkok|Tunis|Ankara|Istanbul|Ashgabat|Kampala|Kyiv|Kiev|Kharkiv|Odesa|"
    "Odessa|Mariupol|Donetsk|Luhansk|Lviv|Zaporizhzhia|Kherson|Bakhmut|Sevastopol|Abu Dhabi|Dubai|London|"
    "Manchester|Edinburgh|Belfast|Washington|New York|Los Angeles|Chicago|Houston|San Francisco|Boston|Miami|"
    "Tashkent|Caracas|Hanoi|Ho Chi Minh City|Sanaa|Aden|Lusaka|Harare|Brussels|Strasbourg|Luxembourg City|"
    "Gaza City|Rafah|Khan Younis|Hebron|Nablus|Jenin|Vladivostok|Kaliningrad|Novosibirsk|Sochi|Grozny|"
    "Kursk|Belgorod|Bali|Hiroshima|Nagasaki|Kyoto|Shenzhen|Wuhan|Guangzhou|Lhasa|Urumqi|Bangalore|Kolkata|"
    "Chennai|Hyderabad|Kandahar|Herat|Basra|Erbil|Kirkuk|Homs|Latakia|Alexandria|Casablanca|Marrakech"
)
_REGIONS = (
    "Europe|Asia|Africa|Americas|North America|South America|Latin America|Central America|Caribbean|"
    "Middle East|Near East|Far East|Central Asia|South Asia|Southeast Asia|East Asia|Eurasia|Euro-Atlantic|"
    "Balkans|Baltics|Caucasus|North Caucasus|South Caucasus|Scandinavia|Nordics|Sahel|Horn of Africa|Maghreb|"
    "Arctic|Antarctica|Pacific|Atlantic|Indo-Pacific|Mediterranean|Black Sea|Baltic Sea|Red Sea|"
    "South China Sea|Persian Gulf|Gulf|Siberia|Soviet Union|USSR|Silicon Valley|Wall Street"
)

ALL: frozenset[str] = frozenset(_COUNTRIES.split("|") + _CITIES.split("|") + _REGIONS.split("|"))
SINGLE_WORD: frozenset[str] = frozenset(p for p in ALL if " " not in p)
PHRASES: frozenset[str] = frozenset(p for p in ALL if " " in p)
# Also common personal names ('Michael Jordan', 'Whitney Houston', 'Chad Sweet'): never a place by themselves
# when a name's last word is looked up.
PERSONAL_NAMES: frozenset[str] = frozenset("Jordan Houston Sydney Santiago Chad Lima Aden Paris".split())

# Nationality adjectives and the country (lowercase) each names: 'the Egyptian minister' is Egypt's, so it is not
# the Russian foreign minister named before (speaker roles compare them as places).
COUNTRY_OF: dict[str, str] = dict(
    pair.split(":")
    for pair in (
        "afghan:afghanistan, albanian:albania, algerian:algeria, american:united states, argentine:argentina, "
        "argentinian:argentina, armenian:armenia, australian:australia, austrian:austria, azerbaijani:azerbaijan, "
        "belarusian:belarus, belgian:belgium, bosnian:bosnia, brazilian:brazil, british:britain, bulgarian:bulgaria, "
        "canadian:canada, chilean:chile, chinese:china, colombian:colombia, croatian:croatia, cuban:cuba, "
        "czech:czechia, danish:denmark, dutch:netherlands, egyptian:egypt, emirati:uae, estonian:estonia, "
        "ethiopian:ethiopia, filipino:philippines, finnish:finland, french:france, georgian:georgia, german:germany, "
        "greek:greece, hungarian:hungary, indian:india, indonesian:indonesia, iranian:iran, iraqi:iraq, "
        "irish:ireland, israeli:israel, italian:italy, japanese:japan, jordanian:jordan, kazakh:kazakhstan, "
        "kenyan:kenya, kuwaiti:kuwait, latvian:latvia, lebanese:lebanon, libyan:libya, lithuanian:lithuania, "
        "malaysian:malaysia, mexican:mexico, moldovan:moldova, mongolian:mongolia, moroccan:morocco, "
        "nigerian:nigeria, norwegian:norway, omani:oman, pakistani:pakistan, palestinian:palestine, peruvian:peru, "
        "polish:poland, portuguese:portugal, qatari:qatar, romanian:romania, russian:russia, saudi:saudi arabia, "
        "serbian:serbia, slovak:slovakia, slovenian:slovenia, spanish:spain, sudanese:sudan, swedish:sweden, "
        "swiss:switzerland, syrian:syria, taiwanese:taiwan, tajik:tajikistan, thai:thailand, tunisian:tunisia, "
        "turkish:turkey, ukrainian:ukraine, uzbek:uzbekistan, venezuelan:venezuela, vietnamese:vietnam, "
        "yemeni:yemen"
    ).split(", ")
)
