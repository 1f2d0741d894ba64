"""Buyer addresses for demo orders, and the two shapes the marketplaces deliver them in.

eBay hands the seller a structured ``contactAddress``; Discogs hands over whatever the buyer
typed into one text box. The demo world needs both so the loader's address parser meets the
mess it meets in production: country spelled out, abbreviated or in the local language,
postal code before or after the town, flats above or below the street, phone lines, stray
spaces and Windows line endings.

Addresses come from a small hand-written address book (no Faker: it is not a dependency and
its output changes between releases, which would change every demo world). Cities, states
and postal codes are real and belong together; streets and house numbers are plausible for
the country but not checked against any map. Phone numbers use fictional ranges and e-mail
addresses the reserved ``example`` domains, so no real person is ever addressed.

Everything draws from the ``random.Random`` passed in and from nothing else, so a seed gives
the same world on every machine.
"""

from __future__ import annotations

import random
import re
import unicodedata
from bisect import bisect
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TypeVar

from pipelines.demo.draw import Weighted, digit_string

__all__ = ["COUNTRY_WEIGHTS", "ebay_contact_address", "fake_address", "format_discogs_address"]


@dataclass(frozen=True)
class _Country:
    code: str
    name: str
    # Spellings of the country buyers type instead of the English name.
    aliases: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    # (city, state or county or None, postal code, district or suburb or None)
    localities: tuple[tuple[str, str | None, str, str | None], ...]
    # Flat, floor or c/o lines; "{n}" a flat number, "{f}" a floor, "{l}" a letter, "{last}" a surname.
    units: tuple[str, ...]
    unit_share: float
    # "#" is any digit, "@" a digit from 2 to 9.
    phone: str
    # "first": "123 Main St"; "last": "Hauptstraße 5"; "comma": "Rua Augusta, 1500"; "block": "1-2-3 Jingumae".
    number_style: str
    max_number: int


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


def _places(text: str) -> tuple[tuple[str, str | None, str, str | None], ...]:
    rows = []
    for row in text.strip().splitlines():
        city, state, postal, district = (f.strip() or None for f in (row.split("|") + ["", ""])[:4])
        rows.append((city, state, postal, district))
    return tuple(rows)


_BOOK: dict[str, _Country] = {c.code: c for c in (
    _Country(
        "US", "United States", ("USA", "U.S.A.", "United States of America", "US"),
        _names("James, Mary, Michael, Jennifer, David, Sarah, Robert, Jessica, Daniel, Emily, Chris, "
               "Ashley, Kevin, Megan, Tyler, Brittany"),
        _names("Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, "
               "Anderson, Taylor, Thomas, Moore, O'Brien, Nguyen"),
        _names("Main St, Oak Avenue, Maple Ave, Elm Street, Washington Blvd, Sunset Blvd, Park Place, "
               "Cedar Lane, Pine St, 2nd Ave, Lake Shore Dr, Broadway, Mill Road, N Halsted St"),
        _places("""
            New York|NY|10001
            Brooklyn|NY|11211
            Los Angeles|CA|90026
            San Francisco|CA|94110
            Oakland|CA|94612
            Chicago|IL|60614
            Austin|TX|78704
            Houston|TX|77006
            Seattle|WA|98122
            Portland|OR|97214
            Denver|CO|80205
            Nashville|TN|37203
            Boston|MA|02116
            Philadelphia|PA|19125
            Pittsburgh|PA|15213
            Atlanta|GA|30307
            Minneapolis|MN|55408
            Kansas City|MO|64111
            Salt Lake City|UT|84102
            Washington|DC|20009
            Ann Arbor|MI|48104
            Detroit|MI|48201
            Virginia Beach|VA|23451
            Miami|FL|33137
            Asheville|NC|28801
        """),
        ("Apt {n}", "Apt {n}{l}", "Unit {n}", "Suite {f}0{n}"), 0.25,
        "+1 @## 555 01##", "first", 9999,
    ),
    _Country(
        "CA", "Canada", ("CA", "CANADA"),
        _names("Liam, Emma, Noah, Olivia, Ethan, Chloé, Mathieu, Sophie, Owen, Charlotte, Félix, Maya"),
        _names("Smith, Tremblay, Brown, Roy, Wilson, Gagnon, MacDonald, Taylor, Côté, Campbell, Bouchard, Singh"),
        _names("Yonge Street, Queen Street West, rue Sainte-Catherine O, Granville Street, Jasper Avenue, "
               "Robson Street, Bank Street, Spring Garden Road, Portage Avenue, boulevard Saint-Laurent"),
        _places("""
            Toronto|ON|M5V 2T6
            Toronto|ON|M6J 1H4
            Montréal|QC|H2X 1Y4
            Montréal|QC|H2T 2M2
            Vancouver|BC|V6B 1A1
            Calgary|AB|T2P 1J9
            Ottawa|ON|K1P 5J2
            Halifax|NS|B3J 1S9
            Winnipeg|MB|R3C 0V8
            Québec|QC|G1R 4P5
            Victoria|BC|V8W 1P6
            Edmonton|AB|T5J 0N3
        """),
        ("Apt {n}", "Unit {n}", "Suite {f}0{n}"), 0.25,
        "+1 @## 555 01##", "first", 4999,
    ),
    _Country(
        "GB", "United Kingdom", ("UK", "U.K.", "Great Britain", "GB"),
        _names("Oliver, Amelia, Harry, Olivia, George, Emily, Jack, Sophie, Thomas, Charlotte, Alfie, Grace"),
        _names("Smith, Jones, Taylor, Brown, Williams, Wilson, Evans, Thomas, Roberts, Walker, Wright, Hughes"),
        _names("High Street, Station Road, Church Lane, Victoria Road, Mill Lane, Park Avenue, Kings Road, "
               "Queen Street, Albert Road, Green Lane, Manor Road, The Crescent"),
        _places("""
            London|Greater London|SW1A 2AA
            London|Greater London|E8 3PH
            London|Greater London|N1 9GU
            London||SE15 4ST
            Manchester|Greater Manchester|M4 1HQ
            Birmingham|West Midlands|B5 4BU
            Leeds|West Yorkshire|LS1 4AP
            Sheffield|South Yorkshire|S1 2HE
            Liverpool|Merseyside|L1 8JQ
            Newcastle upon Tyne|Tyne and Wear|NE1 7RU
            Bristol||BS1 4DJ
            Brighton|East Sussex|BN1 1AE
            Oxford|Oxfordshire|OX1 2JD
            Cardiff|South Glamorgan|CF10 1EP
            Glasgow||G2 3PE
            Edinburgh|Midlothian|EH1 1YZ
            Belfast|County Antrim|BT1 5GS
        """),
        ("Flat {n}", "Flat {l}", "Apartment {n}"), 0.25,
        "+44 7700 900###", "first", 250,
    ),
    _Country(
        "DE", "Germany", ("Deutschland", "DEUTSCHLAND", "DE", "BRD"),
        _names("Lukas, Anna, Jonas, Lea, Felix, Hannah, Maximilian, Sophie, Jan, Katharina, Tim, Laura"),
        _names("Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, "
               "Schäfer, Koch, Richter, Wolf"),
        _names("Hauptstraße, Bahnhofstraße, Schillerstraße, Gartenstraße, Goethestraße, Friedrichstraße, "
               "Lindenallee, Am Markt, Kastanienweg, Oranienstraße, Bergmannstraße, Karl-Marx-Allee"),
        _places("""
            Berlin||10115
            Berlin||10997
            Berlin||12047
            Hamburg||20095
            Hamburg||22767
            München||80331
            Köln||50667
            Frankfurt am Main||60311
            Stuttgart||70173
            Düsseldorf||40213
            Leipzig||04109
            Dresden||01067
            Bremen||28195
            Hannover||30159
            Nürnberg||90403
            Freiburg im Breisgau||79098
        """),
        ("c/o {last}", "Hinterhaus", "{f}. OG", "Whg. {n}"), 0.12,
        "+49 1@# #######", "last", 180,
    ),
    _Country(
        "FR", "France", ("FR", "FRANCE"),
        _names("Lucas, Emma, Hugo, Chloé, Louis, Léa, Julien, Camille, Antoine, Manon, Théo, Inès"),
        _names("Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Lefèvre, Girard"),
        _names("rue de la République, rue Victor Hugo, avenue Jean Jaurès, boulevard Voltaire, rue de la Paix, "
               "rue des Lilas, place de la Mairie, rue du Faubourg Saint-Antoine, rue Oberkampf, "
               "avenue de la Libération"),
        _places("""
            Paris||75001
            Paris||75011
            Paris||75018
            Lyon||69002
            Marseille||13001
            Toulouse||31000
            Nantes||44000
            Bordeaux||33000
            Lille||59000
            Strasbourg||67000
            Montpellier||34000
            Rennes||35000
            Nice||06000
        """),
        ("Appartement {n}", "Bâtiment {l}", "Résidence les Tilleuls", "{f}e étage"), 0.2,
        "+33 6 ## ## ## ##", "first", 150,
    ),
    _Country(
        "NL", "Netherlands", ("Nederland", "The Netherlands", "Holland", "NL"),
        _names("Daan, Emma, Sem, Julia, Lucas, Sophie, Bram, Anouk, Thijs, Lotte, Jesse, Fleur"),
        _names("de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Visser, Smit, Meijer, de Boer, "
               "Mulder, Bos"),
        _names("Keizersgracht, Prinsengracht, Kerkstraat, Dorpsstraat, Stationsweg, Molenstraat, Oudegracht, "
               "Lange Voorhout, Witte de Withstraat, Nieuwe Binnenweg"),
        _places("""
            Amsterdam||1012 AB
            Amsterdam||1017 CT
            Amsterdam||1053 BK
            Rotterdam||3011 AD
            Utrecht||3511 LX
            Den Haag||2511 BT
            Eindhoven||5611 AZ
            Groningen||9711 LM
            Haarlem||2011 RH
            Nijmegen||6511 PP
            's-Hertogenbosch||5211 HK
        """),
        (), 0.0,
        "+31 6 ########", "last", 400,
    ),
    _Country(
        "IT", "Italy", ("Italia", "ITALIA", "IT"),
        _names("Luca, Giulia, Marco, Chiara, Alessandro, Francesca, Matteo, Sara, Davide, Elena, Giorgio, Alice"),
        _names("Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Conti"),
        _names("Via Roma, Via Garibaldi, Via Giuseppe Verdi, Corso Vittorio Emanuele II, Via Dante, "
               "Piazza della Repubblica, Viale Europa, Via Mazzini, Via del Corso"),
        _places("""
            Roma|RM|00184
            Roma|RM|00153
            Milano|MI|20121
            Milano|MI|20144
            Torino|TO|10121
            Napoli|NA|80133
            Bologna|BO|40121
            Firenze|FI|50122
            Venezia|VE|30124
            Genova|GE|16121
            Palermo|PA|90133
            Verona|VR|37121
            Reggio Emilia|RE|42121
        """),
        ("Scala {l}", "Interno {n}", "c/o {last}"), 0.15,
        "+39 3## #######", "last", 150,
    ),
    _Country(
        "ES", "Spain", ("España", "Espana", "ES", "ESPAÑA"),
        _names("Pablo, Lucía, Javier, María, Alejandro, Carmen, Daniel, Laura, Sergio, Marta, Álvaro, Paula"),
        _names("García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, Martín, Ruiz, Díaz"),
        _names("Calle Mayor, Calle de Alcalá, Gran Vía, Avenida de la Constitución, Calle Real, Paseo de Gracia, "
               "Calle Sierpes, Rambla de Catalunya, Calle del Carmen, Calle de Atocha"),
        _places("""
            Madrid|Madrid|28013
            Madrid|Madrid|28004
            Barcelona|Barcelona|08001
            Barcelona|Barcelona|08012
            Valencia|Valencia|46002
            Sevilla|Sevilla|41004
            Bilbao|Bizkaia|48001
            Zaragoza|Zaragoza|50001
            Málaga|Málaga|29015
            Granada|Granada|18009
            Palma|Illes Balears|07001
            Santiago de Compostela|A Coruña|15705
        """),
        ("{f}º {l}", "{f}º izq.", "Bajo {l}", "Piso {f}, Puerta {n}"), 0.45,
        "+34 6## ### ###", "last", 200,
    ),
    _Country(
        "JP", "Japan", ("JAPAN", "JP", "Nippon", "日本"),
        _names("Taro, Hanako, Kenji, Yuki, Haruto, Sakura, Takumi, Aoi, Daisuke, Mei, Sho, Rina"),
        _names("Yamada, Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Nakamura, Kobayashi, Kato, Yoshida, Mori"),
        (),
        _places("""
            Shibuya-ku|Tokyo|150-0001|Jingumae
            Shibuya-ku|Tokyo|150-0002|Shibuya
            Shinjuku-ku|Tokyo|160-0022|Shinjuku
            Minato-ku|Tokyo|106-0032|Roppongi
            Setagaya-ku|Tokyo|155-0031|Kitazawa
            Meguro-ku|Tokyo|153-0051|Kamimeguro
            Osaka-shi|Osaka|542-0086|Nishishinsaibashi
            Kyoto-shi|Kyoto|604-8005|Sanjo
            Yokohama-shi|Kanagawa|231-0023|Yamashitacho
            Nagoya-shi|Aichi|460-0008|Sakae
            Sapporo-shi|Hokkaido|060-0042|Odorinishi
            Fukuoka-shi|Fukuoka|810-0001|Tenjin
            Kobe-shi|Hyogo|650-0021|Sannomiyacho
            Sendai-shi|Miyagi|980-0811|Ichibancho
        """),
        ("Sunny Heights {f}0{n}", "Maison Verte {f}0{n}", "Palace Court {f}0{n}", "Green Haitsu {f}0{n}"), 0.5,
        "+81 90-####-####", "block", 0,
    ),
    _Country(
        "AU", "Australia", ("AU", "AUS", "AUSTRALIA"),
        _names("Jack, Charlotte, William, Olivia, Noah, Ava, Liam, Mia, Lachlan, Chloe, Cooper, Isla"),
        _names("Smith, Jones, Williams, Brown, Wilson, Taylor, Nguyen, Johnson, Martin, White, Anderson, Kelly"),
        _names("George Street, Pitt Street, Collins Street, Queen Street, King Street, Oxford Street, "
               "Smith Street, Brunswick Street, Beach Road, Chapel Street, Hay Street"),
        _places("""
            Sydney|NSW|2000
            Surry Hills|NSW|2010
            Newtown|NSW|2042
            Melbourne|VIC|3000
            Fitzroy|VIC|3065
            Brunswick|VIC|3056
            Brisbane|QLD|4000
            Fortitude Valley|QLD|4006
            Perth|WA|6000
            Fremantle|WA|6160
            Adelaide|SA|5000
            Hobart|TAS|7000
            Canberra|ACT|2601
            Darwin|NT|0800
        """),
        ("Unit {n}", "Apartment {n}", "Level {f}"), 0.25,
        "+61 4## ### ###", "first", 400,
    ),
    _Country(
        "SE", "Sweden", ("Sverige", "SVERIGE", "SE"),
        _names("Erik, Anna, Lars, Maria, Johan, Emma, Oskar, Elin, Karl, Sara, Axel, Ebba"),
        _names("Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson, Lindqvist"),
        _names("Drottninggatan, Storgatan, Kungsgatan, Vasagatan, Södra Vägen, Linnégatan, Sveavägen, "
               "Götgatan, Hornsgatan"),
        _places("""
            Stockholm||111 29
            Stockholm||114 55
            Stockholm||118 46
            Göteborg||411 04
            Malmö||211 20
            Uppsala||753 10
            Lund||222 21
            Umeå||903 26
            Örebro||702 10
        """),
        ("lgh 1{f}0{n}", "c/o {last}"), 0.3,
        "+46 70 ### ## ##", "last", 120,
    ),
    _Country(
        "AT", "Austria", ("Österreich", "AT"),
        _names("Lukas, Anna, David, Lena, Tobias, Sarah, Florian, Julia, Stefan, Katharina"),
        _names("Gruber, Huber, Bauer, Wagner, Pichler, Steiner, Moser, Mayer, Hofer, Leitner"),
        _names("Mariahilfer Straße, Hauptplatz, Landstraßer Hauptstraße, Kärntner Straße, Herrengasse, "
               "Getreidegasse, Linzer Straße, Neubaugasse"),
        _places("""
            Wien||1010
            Wien||1070
            Wien||1160
            Graz||8010
            Salzburg||5020
            Linz||4020
            Innsbruck||6020
        """),
        ("Top {n}", "Stiege {f}, Top {n}"), 0.4,
        "+43 664 #######", "last", 150,
    ),
    _Country(
        "CH", "Switzerland", ("Schweiz", "Suisse", "CH"),
        _names("Luca, Laura, Noah, Mia, Jan, Lea, Nico, Julia, Samuel, Chiara"),
        _names("Müller, Meier, Schmid, Keller, Weber, Huber, Schneider, Meyer, Steiner, Favre"),
        _names("Bahnhofstrasse, Rue du Rhône, Seestrasse, Marktgasse, Kramgasse, Dorfstrasse, "
               "Avenue de la Gare, Langstrasse"),
        _places("""
            Zürich||8001
            Zürich||8004
            Genève||1204
            Basel||4051
            Bern||3011
            Lausanne||1003
            Luzern||6003
        """),
        ("c/o {last}",), 0.1,
        "+41 79 ### ## ##", "last", 120,
    ),
    _Country(
        "BE", "Belgium", ("België", "Belgique", "BE"),
        _names("Lucas, Emma, Louis, Marie, Arthur, Louise, Noah, Elise, Wout, Lotte"),
        _names("Peeters, Janssens, Maes, Jacobs, Mertens, Willems, Claes, Dubois, Lambert, Dupont"),
        _names("Rue Neuve, Meir, Veldstraat, Kerkstraat, Avenue Louise, Rue de la Loi, Bondgenotenlaan, "
               "Chaussée de Waterloo"),
        _places("""
            Bruxelles||1000
            Bruxelles||1050
            Antwerpen||2000
            Gent||9000
            Liège||4000
            Leuven||3000
        """),
        ("bus {n}", "boîte {n}"), 0.3,
        "+32 4## ## ## ##", "last", 200,
    ),
    _Country(
        "DK", "Denmark", ("Danmark", "DK"),
        _names("Mads, Ida, Frederik, Emma, Mikkel, Sofie, Rasmus, Freja, Magnus, Clara"),
        _names("Jensen, Nielsen, Hansen, Pedersen, Andersen, Christensen, Larsen, Sørensen, Rasmussen"),
        _names("Nørrebrogade, Vesterbrogade, Jægersborggade, Istedgade, Søndergade, Jægergårdsgade"),
        _places("""
            København K||1050
            København N||2200
            Aarhus C||8000
            Odense C||5000
        """),
        ("{f}. tv.", "{f}. th.", "st. tv."), 0.6,
        "+45 ## ## ## ##", "last", 120,
    ),
    _Country(
        "NO", "Norway", ("Norge", "NO"),
        _names("Jakob, Nora, Emil, Ingrid, Henrik, Sofie, Magnus, Emma, Ole, Sara"),
        _names("Hansen, Johansen, Olsen, Larsen, Andersen, Pedersen, Nilsen, Kristiansen, Berg, Haugen"),
        _names("Karl Johans gate, Storgata, Bogstadveien, Markveien, Torggata, Kongens gate"),
        _places("""
            Oslo||0150
            Oslo||0557
            Bergen||5003
            Trondheim||7011
            Stavanger||4006
        """),
        ("c/o {last}",), 0.1,
        "+47 ### ## ###", "last", 120,
    ),
    _Country(
        "PL", "Poland", ("Polska", "PL"),
        _names("Jakub, Anna, Kacper, Zuzanna, Piotr, Katarzyna, Michał, Magdalena, Tomasz, Agnieszka"),
        _names("Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański"),
        _names("ul. Marszałkowska, ul. Nowy Świat, ul. Floriańska, ul. Długa, ul. Piotrkowska, al. Jerozolimskie"),
        _places("""
            Warszawa||00-950
            Warszawa||00-510
            Kraków||31-042
            Gdańsk||80-831
            Wrocław||50-077
            Poznań||61-772
            Łódź||90-136
        """),
        ("m. {n}", "lok. {n}"), 0.4,
        "+48 ### ### ###", "last", 150,
    ),
    _Country(
        "IE", "Ireland", ("Éire", "IE", "Republic of Ireland"),
        _names("Conor, Aoife, Seán, Niamh, Cian, Siobhán, Darragh, Ciara, Oisín, Róisín"),
        _names("Murphy, Kelly, O'Sullivan, Walsh, Byrne, Ryan, O'Connor, O'Brien, McCarthy, Doyle"),
        _names("Grafton Street, O'Connell Street, Main Street, Patrick Street, Shop Street, Church Road, "
               "Camden Street Lower"),
        _places("""
            Dublin 2||D02 X285
            Dublin 8||D08 VF8H
            Dublin 6W||D6W FT22
            Cork|Co. Cork|T12 R2NC
            Galway|Co. Galway|H91 E2K3
            Limerick|Co. Limerick|V94 T9PX
        """),
        ("Apartment {n}",), 0.2,
        "+353 8# ### ####", "first", 120,
    ),
    _Country(
        "NZ", "New Zealand", ("NZ", "Aotearoa"),
        _names("Oliver, Isla, Jack, Charlotte, Leo, Amelia, Nikau, Aroha, George, Ruby"),
        _names("Smith, Wilson, Williams, Brown, Taylor, Jones, Ngata, Walker, Thompson, Campbell"),
        _names("Queen Street, Cuba Street, Colombo Street, Ponsonby Road, Lambton Quay, George Street, K Road"),
        _places("""
            Auckland||1011|Ponsonby
            Auckland||1010|Auckland Central
            Wellington||6011|Te Aro
            Christchurch||8011|Sydenham
            Dunedin||9016|North Dunedin
        """),
        ("Flat {n}", "Unit {n}"), 0.15,
        "+64 21 ### ####", "first", 300,
    ),
    _Country(
        "BR", "Brazil", ("Brasil", "BRASIL", "BR"),
        _names("João, Maria, Pedro, Ana, Lucas, Juliana, Gabriel, Beatriz, Rafael, Camila"),
        _names("Silva, Santos, Oliveira, Souza, Lima, Pereira, Costa, Ferreira, Rodrigues, Almeida"),
        _names("Rua Augusta, Avenida Paulista, Rua Oscar Freire, Avenida Atlântica, Rua da Bahia, "
               "Rua XV de Novembro, Rua dos Andradas"),
        _places("""
            São Paulo|SP|01310-100
            São Paulo|SP|01305-000
            Rio de Janeiro|RJ|22071-900
            Belo Horizonte|MG|30130-010
            Curitiba|PR|80010-010
            Porto Alegre|RS|90010-150
        """),
        ("Apto {f}{n}", "Bloco {l}, Apto {f}0{n}", "Casa {n}"), 0.5,
        "+55 11 9####-####", "comma", 3000,
    ),
)}

# Roughly who buys records from a US seller on Discogs and eBay.
COUNTRY_WEIGHTS: dict[str, float] = {
    "US": 24, "GB": 11, "DE": 12, "FR": 7, "CA": 7, "AU": 7, "JP": 6, "NL": 4, "IT": 4, "ES": 3, "SE": 3,
    "AT": 2, "CH": 2, "BE": 2, "DK": 1, "NO": 1, "PL": 1, "IE": 1, "NZ": 1, "BR": 1,
}
_CODES = tuple(COUNTRY_WEIGHTS)
_WEIGHTS = tuple(COUNTRY_WEIGHTS.values())
_COUNTRY_PICK = Weighted(_CODES, _WEIGHTS)

_STATE_NAMES = {
    "US": {"NY": "New York", "CA": "California", "IL": "Illinois", "TX": "Texas", "WA": "Washington",
           "OR": "Oregon", "CO": "Colorado", "TN": "Tennessee", "MA": "Massachusetts", "PA": "Pennsylvania",
           "GA": "Georgia", "MN": "Minnesota", "MO": "Missouri", "UT": "Utah", "MI": "Michigan",
           "VA": "Virginia", "FL": "Florida", "NC": "North Carolina"},
    "CA": {"ON": "Ontario", "QC": "Québec", "BC": "British Columbia", "AB": "Alberta", "NS": "Nova Scotia",
           "MB": "Manitoba"},
    "AU": {"NSW": "New South Wales", "VIC": "Victoria", "QLD": "Queensland", "WA": "Western Australia",
           "SA": "South Australia", "TAS": "Tasmania"},
}
_PREFECTURE_SUFFIX = {"Tokyo": "-to", "Osaka": "-fu", "Kyoto": "-fu", "Hokkaido": ""}
# Countries whose old "D-10115" style prefix buyers still type.
_POSTAL_PREFIX = {"DE": "D-", "AT": "A-", "CH": "CH-", "BE": "B-", "SE": "SE-", "FR": "F-", "IT": "I-",
                  "NO": "N-", "DK": "DK-"}
# Countries a parser can recognise from the locality line alone, so buyers there who leave
# out the country (as domestic buyers do) still produce a parseable address.
_SELF_EVIDENT = frozenset({"US", "CA", "GB", "JP", "AU", "IE", "BR"})
_LETTERS = "ABCDEFGH"
_UNIT_ABOVE = re.compile(r"^(?:flat|c/o|unit|apartment|level|appartement|bâtiment|résidence)\b", re.I)


_T = TypeVar("_T")


def _pick(rng: random.Random, weighted: tuple[tuple[_T, float], ...]) -> _T:
    """``rng.choices(values, weights, k=1)[0]``: the same draw, without building the lists."""
    cum = list(accumulate([w for _, w in weighted]))
    return weighted[bisect(cum, rng.random() * (cum[-1] + 0.0), 0, len(cum) - 1)][0]


def _fill_digits(rng: random.Random, template: str) -> str:
    return digit_string(rng, template)


_ASCII_FOLD = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "ł": "l", "đ": "d", "œ": "oe"})


@lru_cache(maxsize=4096)
def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().translate(_ASCII_FOLD))
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def _house_number(rng: random.Random, country: _Country) -> str:
    if country.number_style == "block":
        return f"{rng.randint(1, 5)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
    # Most houses are on the short end of a street.
    number = str(rng.randint(1, rng.choice([20, 60, country.max_number])))
    roll = rng.random()
    if country.code == "DE" and roll < 0.1:
        number += rng.choice("abc")
    elif country.code == "NL" and roll < 0.25:
        number += rng.choice(["A", "B", "-1", "-2", "-3"])
    elif country.code == "FR" and roll < 0.05:
        number += " bis"
    return number


def _street_line(rng: random.Random, country: _Country, number: str, street: str) -> str:
    style = country.number_style
    if style in ("first", "block"):
        return f"{number}, {street}" if country.code == "FR" and rng.random() < 0.15 else f"{number} {street}"
    if style == "comma" or (country.code in ("IT", "ES") and rng.random() < 0.3):
        return f"{street}, {number}"
    return f"{street} {number}"


def fake_address(rng: random.Random, country: str | None = None) -> dict:
    """Draw one buyer's address; ``country`` (ISO alpha-2, one of :data:`COUNTRY_WEIGHTS`) pins it.

    The keys are those of the warehouse's address columns. ``street_1`` is the street line
    as the country writes it, house number included (``123 Main St``, ``Hauptstraße 5``),
    like eBay's ``addressLine1``; ``street_number`` repeats the number on its own.
    ``postal_code`` is in the country's canonical form, ``state_province`` is the postal
    abbreviation where one exists (``CA``, ``NSW``, ``RM``), a prefecture, province or county
    elsewhere, and None where the country's addresses carry none.
    """
    if country is not None and country not in _BOOK:
        raise ValueError(f"no demo addresses for country {country!r}; known: {', '.join(_CODES)}")
    code = country or _COUNTRY_PICK.pick(rng)
    c = _BOOK[code]
    first, last = rng.choice(c.first_names), rng.choice(c.last_names)
    if code == "ES" and rng.random() < 0.3:
        last = f"{last} {rng.choice(c.last_names)}"
    city, state, postal, district = rng.choice(c.localities)
    if code == "US" and rng.random() < 0.1:
        postal = f"{postal}-{rng.randint(0, 9999):04d}"
    number = _house_number(rng, c)
    street = district if c.number_style == "block" else rng.choice(c.streets)
    street_2 = None
    if c.units and rng.random() < c.unit_share:
        street_2 = rng.choice(c.units).format(
            n=rng.randint(1, 9), f=rng.randint(1, 5), l=rng.choice(_LETTERS), last=rng.choice(c.last_names))
    elif code == "NZ" and district:
        street_2 = district
    domain = rng.choice(["example.com", "example.net", "example.org", "mail.example"])
    a_first, a_last = _ascii(first), _ascii(last)
    local = _pick(rng, ((f"{a_first}.{a_last}", 5), (f"{a_first}{a_last}{rng.randint(1, 99)}", 3),
                        (f"{a_first[0]}{a_last}", 2)))
    return {
        "name": f"{first} {last}",
        "email_address": f"{local}@{domain}",
        "phone_number": _fill_digits(rng, c.phone),
        "street_number": number,
        "street_1": _street_line(rng, c, number, street),
        "street_2": street_2,
        "city": city,
        "state_province": state,
        "postal_code": postal,
        "country": code,
    }


def ebay_contact_address(addr: dict) -> dict:
    """The address as eBay's ``shipTo.contactAddress``: optional fields absent, not null, as eBay sends them."""
    out = {"addressLine1": addr.get("street_1") or ""}
    if addr.get("street_2"):
        out["addressLine2"] = addr["street_2"]
    out["city"] = addr.get("city") or ""
    if addr.get("state_province"):
        out["stateOrProvince"] = addr["state_province"]
    out["postalCode"] = addr.get("postal_code") or ""
    out["countryCode"] = addr.get("country") or ""
    return out


def _postal_as_typed(rng: random.Random, code: str, postal: str) -> str:
    roll = rng.random()
    if code in ("GB", "CA", "IE", "NL"):
        if roll < 0.15:
            return postal.replace(" ", "")
        if roll < 0.25:
            return postal.lower()
    elif code == "SE" and roll < 0.2:
        return postal.replace(" ", "")
    elif code == "JP":
        if roll < 0.1:
            return f"〒{postal}"
        if roll < 0.15:
            return postal.replace("-", "")
    elif code in _POSTAL_PREFIX and roll < 0.05:
        return _POSTAL_PREFIX[code] + postal
    return postal


def _locality_lines(rng: random.Random, addr: dict, postal: str) -> list[str]:
    code, city, state = addr["country"], addr["city"], addr.get("state_province")
    if code in ("US", "CA", "AU") and state:
        full = _STATE_NAMES[code].get(state)
        st = full if full and rng.random() < 0.12 else state
        return _pick(rng, (
            ([f"{city}, {st} {postal}"], 50 if code != "AU" else 15),
            ([f"{city} {st} {postal}"], 15 if code != "AU" else 55),
            ([f"{city}, {st}, {postal}"], 8),
            ([f"{city} {st}  {postal}"], 7),
            ([f"{city}, {st}", postal], 10),
            ([city, f"{st} {postal}"], 10),
        ))
    if code == "GB":
        return _pick(rng, (
            ([city, postal], 50),
            ([f"{city} {postal}"], 15),
            ([f"{city}, {postal}"], 10),
            ([city, state, postal] if state else [city, postal], 25),
        ))
    if code == "IE":
        return _pick(rng, (
            ([city, postal], 45),
            ([f"{city} {postal}"], 15),
            ([city, state, postal] if state else [city, postal], 40),
        ))
    if code == "JP":
        pref = state or ""
        return _pick(rng, (
            ([f"{city}, {pref} {postal}"], 50),
            ([f"{city}, {pref}{_PREFECTURE_SUFFIX.get(pref, '-ken')} {postal}"], 15),
            ([f"{city}, {pref}", postal], 15),
            ([f"{city} {pref} {postal}"], 10),
            ([f"{postal} {city}, {pref}"], 10),
        ))
    if code == "BR":
        return _pick(rng, (
            ([f"{city} - {state}", postal], 40),
            ([f"{city} - {state}, {postal}"], 20),
            ([f"{city}, {state}", postal], 20),
            ([f"{postal} {city} - {state}"], 20),
        ))
    if code == "IT" and state:
        return _pick(rng, (([f"{postal} {city} {state}"], 45), ([f"{postal} {city} ({state})"], 30),
                           ([f"{postal} {city}"], 25)))
    if code == "ES" and state:
        return _pick(rng, (([f"{postal} {city}"], 50), ([f"{postal} {city}", state], 25),
                           ([f"{postal} {city} ({state})"], 25)))
    if code == "NZ":
        return _pick(rng, (([f"{city} {postal}"], 85), ([city, postal], 15)))
    return _pick(rng, (([f"{postal} {city}"], 88), ([f"{city} {postal}"], 6), ([f"{city}, {postal}"], 6)))


def _country_line(rng: random.Random, code: str) -> str:
    c = _BOOK.get(code)
    if c is None:
        return code
    return _pick(rng, ((c.name, 70), (rng.choice(c.aliases), 20), (c.name.upper(), 6), (c.name.lower(), 4)))


def _streets_as_typed(rng: random.Random, addr: dict) -> list[str]:
    street_1, street_2 = addr.get("street_1") or "", addr.get("street_2")
    case = rng.random()
    if case < 0.06:
        street_1, street_2 = street_1.lower(), street_2 and street_2.lower()
    elif case < 0.08:
        street_1, street_2 = street_1.upper(), street_2 and street_2.upper()
    if not street_2:
        return [street_1]
    above = _UNIT_ABOVE.match(street_2) is not None
    if rng.random() < 0.15:
        above = not above
    return [street_2, street_1] if above else [street_1, street_2]


def format_discogs_address(addr: dict, rng: random.Random) -> str:
    """The address as a buyer would type it into Discogs' single shipping-address box.

    Name first, then street lines, then the locality in the country's own order, then the
    country, with the variety real buyers produce: the country as name, code, local name or
    (at home, where the postal code says it all) left out; postal codes without their space
    or in lower case; a flat line above or below the street; phone and e-mail lines; trailing
    spaces, blank lines and CRLF endings. Only the case of the street and country changes,
    never the name's or the city's, so a parser can be checked field for field.
    """
    code = addr.get("country") or ""
    omit_country = code in _SELF_EVIDENT and rng.random() < 0.06
    postal = addr.get("postal_code") or ""
    if not omit_country:
        postal = _postal_as_typed(rng, code, postal)
    lines = [addr.get("name") or ""]
    lines += _streets_as_typed(rng, addr)
    lines += _locality_lines(rng, addr, postal)
    if not omit_country:
        country = _country_line(rng, code)
        # Glued to the locality line only when spelled out in full, as buyers who do it do.
        if rng.random() < 0.04 and code in _BOOK and country == _BOOK[code].name:
            lines[-1] = f"{lines[-1]}, {country}"
        else:
            lines.append(country)
    if addr.get("phone_number") and rng.random() < 0.3:
        label = rng.choice(["Phone: ", "Tel: ", "Tel. ", "Phone ", "Mobile: ", "Ph: ", ""])
        phone_line = label + addr["phone_number"]
        lines.insert(len(lines) - (1 if rng.random() < 0.3 and not omit_country else 0), phone_line)
    if addr.get("email_address") and rng.random() < 0.08:
        lines.append(rng.choice(["Email: ", "E-mail: ", ""]) + addr["email_address"])
    if rng.random() < 0.15:
        lines = [line + " " * rng.randint(1, 3) if rng.random() < 0.4 else line for line in lines]
    if rng.random() < 0.05:
        lines.insert(rng.randint(1, len(lines) - 1), "")
    newline = "\r\n" if rng.random() < 0.15 else "\n"
    return newline.join(lines) + (newline if rng.random() < 0.2 else "")
