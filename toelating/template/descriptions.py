"""What each field of the dossier means and where to find it, in Dutch and English (by hand).

Keyed by JSON pointer pattern (list items as *). A test fails when a field of the model
has no description here, or a description names a field the model no longer has.
"""

from __future__ import annotations

from typing import NamedTuple

from toelating.template.fields import Kind
from toelating.text import Language


class Described(NamedTuple):
    """The same text in Dutch and English."""

    nl: str
    en: str

    def get(self, language: Language) -> str:
        return self.nl if language is Language.NL else self.en


D = Described

DESCRIPTIONS: dict[str, Described] = {
    "/dossier_version": D(
        "Versie van het dossierformaat; laat op 2 staan (een dossier van versie 1 zet u om met "
        "toelating upgrade).",
        "Version of the dossier format; leave it at 2 (toelating upgrade converts a version-1 "
        "dossier).",
    ),
    "/purpose": D(
        "Waarvoor dit dossier dient: registration (registratie bij de NAU), application (aanvraag "
        "van de toelating), periodic (periodieke controle) of self_check (eigen controle).",
        "What this dossier is for: registration (with the NAU), application (for admission), "
        "periodic (periodic review) or self_check (your own check).",
    ),
    "/application_date": D(
        "Datum van de (geplande) aanvraag van de toelating bij de NAU. De leeftijd van de VOG en "
        "de betaling van de waarborgsom worden hieraan gemeten; leeg = de controledatum.",
        "Date of the (planned) application for admission with the NAU. The age of the VOG and the "
        "deposit payments are measured against it; empty = the check date.",
    ),
    "/agency": D("Het uitlenende bedrijf (de uitlener).", "The lending company (the uitlener)."),
    "/agency/name": D(
        "Statutaire naam. Bron: uittreksel van de Kamer van Koophandel (KvK).",
        "Registered name. Source: the Chamber of Commerce (KvK) extract.",
    ),
    "/agency/kvk_number": D(
        'KvK-nummer, 8 cijfers tussen aanhalingstekens ("01234567"). Bron: KvK-uittreksel.',
        'Chamber of Commerce number, 8 digits in quotes ("01234567"). Source: KvK extract.',
    ),
    "/agency/legal_form": D(
        "Rechtsvorm (foreign: buitenlandse rechtsvorm). Bron: KvK-uittreksel.",
        "Legal form (foreign: a legal form under foreign law). Source: KvK extract.",
    ),
    "/agency/seat_country": D(
        "Land van de statutaire zetel, bijv. NL. Bron: KvK-uittreksel of buitenlands "
        "handelsregister.",
        "Country of the registered seat, e.g. NL. Source: KvK extract or foreign trade register.",
    ),
    "/agency/registered_as_lender": D(
        "true als het bedrijf in het Handelsregister staat als uitlener van arbeidskrachten "
        "(Waadi art. 7a). Bron: KvK-uittreksel.",
        "true when the company is registered in the Handelsregister as a lender of workers "
        "(Waadi art. 7a). Source: KvK extract.",
    ),
    "/agency/registered_as_lender_since": D(
        "Sinds wanneer het bedrijf onafgebroken als uitlener in het Handelsregister staat. "
        "Vier jaar of langer vóór 2027-01-01 (uiterlijk 2022-12-31) kan vrijstelling van de "
        "waarborgsom geven (Waadi art. 23c). Bron: KvK-uittreksel.",
        "Since when the company has been registered without interruption as a lender in the "
        "Handelsregister. Four years or more before 2027-01-01 (2022-12-31 at the latest) can "
        "exempt it from the deposit (Waadi art. 23c). Source: KvK extract.",
    ),
    "/agency/founded_on": D(
        "Datum waarop de onderneming begon. Bron: KvK-uittreksel.",
        "Date the undertaking started. Source: KvK extract.",
    ),
    "/agency/starter": D(
        "true voor een startende onderneming: die betaalt de waarborgsom in twee delen "
        "(EUR 50.000 bij de aanvraag, de rest binnen zes maanden). Bron: de NAU.",
        "true for a starting undertaking: it pays the deposit in two parts (EUR 50,000 at "
        "application, the rest within six months). Source: the NAU.",
    ),
    "/agency/lending_scope": D(
        "Soort uitlenen: standard (gewoon uitlenen, toelatingsplichtig), intra_group (binnen een "
        "concern), collegial (collegiaal, zonder winstoogmerk), exempted (ontheffing van de NAU).",
        "Kind of lending: standard (ordinary lending, admission required), intra_group (within a "
        "group), collegial (non-profit collegial lending), exempted (exemption from the NAU).",
    ),
    "/agency/cao": D(
        "Cao die het bureau toepast: abu, nbbu, other (een andere) of none (geen). Bron: "
        "lidmaatschap van ABU of NBBU, arbeidsovereenkomsten.",
        "Collective agreement (cao) the agency applies: abu, nbbu, other or none. Source: ABU or "
        "NBBU membership, employment contracts.",
    ),
    "/agency/nau": D(
        "Stand bij de Nederlandse Autoriteit Uitleenmarkt (NAU). Bron: berichten van de NAU en "
        "het openbaar register.",
        "Standing with the Nederlandse Autoriteit Uitleenmarkt (NAU). Source: the NAU's letters "
        "and its public register.",
    ),
    "/agency/nau/status": D(
        "none (niet geregistreerd), registered_transitional (geregistreerd voor de "
        "overgangsregeling), applied (toelating aangevraagd), provisional (voorlopig), admitted "
        "(toegelaten), exempted (ontheffing), suspended (geschorst), withdrawn (ingetrokken).",
        "none (not registered), registered_transitional (registered for the transitional "
        "scheme), applied (admission applied for), provisional, admitted, exempted, suspended, "
        "withdrawn.",
    ),
    "/agency/nau/since": D(
        "Datum waarop deze status inging. Bron: bevestiging van de NAU.",
        "Date this status began. Source: the NAU's confirmation.",
    ),
    "/agency/nau/registration_number": D(
        "Registratie- of aanvraagnummer bij de NAU. Bron: bevestiging van de NAU.",
        "Registration or application number with the NAU. Source: the NAU's confirmation.",
    ),
    "/directors": D(
        "Bestuurders zoals ingeschreven in het Handelsregister, ook wie de laatste jaren vertrok "
        "(met einddatum). Bron: KvK-uittreksel.",
        "Directors (bestuurders) as registered in the Handelsregister, including those who left "
        "in recent years (with an end date). Source: KvK extract.",
    ),
    "/directors/*/name": D(
        "Naam zoals in het KvK-uittreksel; bij een VOG voor natuurlijke personen precies zo in "
        "vog.subject.",
        "Name as in the KvK extract; for a VOG for a natural person, exactly the same in "
        "vog.subject.",
    ),
    "/directors/*/since": D(
        "Datum waarop de persoon bestuurder werd. Bron: KvK-uittreksel (datum in functie).",
        "Date the person became a director. Source: KvK extract (date of appointment).",
    ),
    "/directors/*/until": D(
        "Datum waarop de persoon geen bestuurder meer is; leeg voor zittende bestuurders.",
        "Date the person stopped being a director; empty for sitting directors.",
    ),
    "/directors/*/resident_country": D(
        "Woonland van de bestuurder, bijv. NL.",
        "Country the director lives in, e.g. NL.",
    ),
    "/vog": D(
        "Verklaringen Omtrent het Gedrag (VOG), ook oudere. Bron: Justis (screeningsautoriteit).",
        "Certificates of conduct (VOG), older ones too. Source: Justis (screening authority).",
    ),
    "/vog/*/kind": D(
        "rp: VOG voor rechtspersonen (voor het bedrijf); np: VOG voor een natuurlijk persoon "
        "(een bestuurder).",
        "rp: VOG for the legal entity (the company); np: VOG for a natural person (a director).",
    ),
    "/vog/*/subject": D(
        "Voor wie de VOG is: bij rp het KvK-nummer (tussen aanhalingstekens), bij np de naam van "
        "de bestuurder zoals in directors.",
        "Who the VOG is for: for rp the KvK number (in quotes), for np the director's name as "
        "in directors.",
    ),
    "/vog/*/issued_on": D(
        "Datum van afgifte die op de VOG staat. Bron: de VOG van Justis.",
        "Date of issue printed on the VOG. Source: the VOG from Justis.",
    ),
    "/vog/*/evidence": D(
        "id van het bewijsstuk in evidence (bijv. een scan van de VOG); leeg als er geen is.",
        "id of the evidence entry (e.g. a scan of the VOG); empty when there is none.",
    ),
    "/deposit": D(
        "Waarborgsom bij de NAU (EUR 100.000; starters in twee delen).",
        "Deposit (waarborgsom) with the NAU (EUR 100,000; starters in two parts).",
    ),
    "/deposit/payee": D("Aan wie is betaald: NAU.", "Who was paid: NAU."),
    "/deposit/payments": D(
        "Elke betaling van de waarborgsom. Nog niets betaald? Schrijf dan payments: []. "
        "Bron: bankafschrift en ontvangstbevestiging van de NAU.",
        "Every payment of the deposit. Nothing paid yet? Then write payments: []. "
        "Source: bank statement and the NAU's receipt.",
    ),
    "/deposit/payments/*/amount_eur": D(
        "Betaald bedrag. Bron: bankafschrift.",
        "Amount paid. Source: bank statement.",
    ),
    "/deposit/payments/*/paid_on": D(
        "Datum van betaling. Bron: bankafschrift.",
        "Date paid. Source: bank statement.",
    ),
    "/deposit/payments/*/evidence": D(
        "id van het bewijsstuk (bankafschrift of ontvangstbevestiging); leeg als er geen is.",
        "id of the evidence entry (bank statement or receipt); empty when there is none.",
    ),
    "/fines": D(
        "Alle boetes die het bedrijf in de laatste 5 jaar kreeg. Geen boetes? Schrijf dan "
        "fines: []. Bron: boetebeschikkingen, financiële administratie.",
        "Every fine imposed on the company in the last 5 years. No fines? Then write fines: []. "
        "Source: the fine decisions, the accounts.",
    ),
    "/fines/*/authority": D(
        "Wie de boete oplegde: arbeidsinspectie (Nederlandse Arbeidsinspectie), belastingdienst, "
        "uwv, svb of other (een andere instantie).",
        "Who imposed the fine: arbeidsinspectie (Netherlands Labour Authority), belastingdienst "
        "(tax authority), uwv, svb or other.",
    ),
    "/fines/*/reference": D("Kenmerk van de boetebeschikking.", "Reference of the fine decision."),
    "/fines/*/amount_eur": D("Bedrag van de boete.", "Amount of the fine."),
    "/fines/*/imposed_on": D("Datum van de boetebeschikking.", "Date of the fine decision."),
    "/fines/*/irrevocable": D(
        "true als de boete onherroepelijk is (geen bezwaar of beroep meer mogelijk).",
        "true when the fine is final (onherroepelijk: no objection or appeal possible any more).",
    ),
    "/fines/*/status": D(
        "paid (betaald), open (niet betaald), payment_plan (betalingsregeling), objection (in "
        "bezwaar) of appeal (in beroep).",
        "paid, open (unpaid), payment_plan, objection (bezwaar) or appeal (beroep).",
    ),
    "/fines/*/paid_on": D(
        "Datum van volledige betaling; leeg als nog niet betaald.",
        "Date paid in full; empty when not yet paid.",
    ),
    "/tax": D("Belastingen.", "Taxes."),
    "/tax/payment_behaviour_statement": D(
        "Verklaring betalingsgedrag nakoming fiscale verplichtingen. Bron: aan te vragen bij de "
        "Belastingdienst.",
        "Statement of payment behaviour (verklaring betalingsgedrag). Source: requested from the "
        "Belastingdienst.",
    ),
    "/tax/payment_behaviour_statement/issued_on": D(
        "Datum van afgifte die op de verklaring staat.",
        "Date of issue printed on the statement.",
    ),
    "/tax/payment_behaviour_statement/arrears": D(
        "true als de verklaring openstaande belastingschulden vermeldt.",
        "true when the statement shows outstanding tax debts.",
    ),
    "/tax/payment_behaviour_statement/evidence": D(
        "id van het bewijsstuk (de verklaring); leeg als er geen is.",
        "id of the evidence entry (the statement); empty when there is none.",
    ),
    "/inspection": D(
        "Inspectie tegen het normenkader door een inspectie-instelling die de NAU heeft "
        "aangewezen. Bron: het inspectierapport.",
        "Inspection against the normenkader by an inspection body appointed by the NAU. "
        "Source: the inspection report.",
    ),
    "/inspection/body": D("Naam van de inspectie-instelling.", "Name of the inspection body."),
    "/inspection/body_appointed_by_nau": D(
        "true als de NAU deze instelling heeft aangewezen. Bron: de lijst van de NAU.",
        "true when the NAU appointed this body. Source: the NAU's list.",
    ),
    "/inspection/date": D(
        "Datum van de inspectie. Bron: inspectierapport.",
        "Date of the inspection. Source: inspection report.",
    ),
    "/inspection/result": D(
        "conform, non_conform (niet conform) of pending (nog niet bekend).",
        "conform, non_conform or pending (not known yet).",
    ),
    "/inspection/nonconformities": D(
        "Afwijkingen uit het inspectierapport; geen afwijkingen: laat leeg.",
        "Nonconformities in the inspection report; none: leave empty.",
    ),
    "/inspection/nonconformities/*/id": D(
        "Nummer of kenmerk uit het rapport, bijv. NC-1.",
        "Number or reference in the report, e.g. NC-1.",
    ),
    "/inspection/nonconformities/*/severity": D(
        "De klasse uit het rapport: major (groot), minor (klein), minor_repair_3_months (klein, "
        "binnen 3 maanden te herstellen) of remark (opmerking: een waarschuwing, geen afwijking).",
        "The class in the report: major, minor, minor_repair_3_months (minor, to be repaired "
        "within 3 months) or remark (a warning, not a nonconformity).",
    ),
    "/inspection/nonconformities/*/description": D(
        "De normeis en wat de inspectie vond, in de woorden van het rapport.",
        "The norm and what the inspection found, in the report's words.",
    ),
    "/inspection/nonconformities/*/deadline": D(
        "Uiterste datum voor herstel volgens het rapport (vaak 3 of 6 maanden na de inspectie).",
        "Repair deadline given in the report (often 3 or 6 months after the inspection).",
    ),
    "/inspection/nonconformities/*/response": D(
        "De reactie van het bureau en het herstelplan; leeg zolang er geen is.",
        "The agency's response and repair plan; empty while there is none.",
    ),
    "/inspection/nonconformities/*/response/received_on": D(
        "Datum waarop de inspectie-instelling de reactie ontving (bij een concept: binnen 10 "
        "werkdagen).",
        "Date the inspection body received the response (for a draft: within 10 working days).",
    ),
    "/inspection/nonconformities/*/response/cause": D(
        "Oorzaak: waarom de afwijking ontstond.",
        "Cause: why the nonconformity arose.",
    ),
    "/inspection/nonconformities/*/response/extent": D(
        "Omvang: wat de oorzaak nog meer raakt (andere werknemers, perioden, locaties).",
        "Extent: what else the cause affects (other workers, periods, locations).",
    ),
    "/inspection/nonconformities/*/response/solution": D(
        "Oplossing: het herstel en wat voorkomt dat het opnieuw gebeurt.",
        "Solution: the repair and what keeps it from happening again.",
    ),
    "/inspection/nonconformities/*/response/effect": D(
        "Effect: hoe het bureau laat zien dat de oplossing werkt.",
        "Effect: how the agency shows that the solution works.",
    ),
    "/inspection/nonconformities/*/resolved_on": D(
        "Datum waarop de inspectie-instelling de afwijking sloot; leeg als zij nog open is.",
        "Date the inspection body closed the nonconformity; empty while it is open.",
    ),
    "/inspection/evidence": D(
        "id van het bewijsstuk (het rapport); leeg als er geen is.",
        "id of the evidence entry (the report); empty when there is none.",
    ),
    "/sna_certificate": D(
        "SNA-keurmerk (NEN 4400-1) van de Stichting Normering Arbeid; vóór 2027-07-01 kan het "
        "de inspectie vervangen. Bron: het SNA-register.",
        "SNA certificate (NEN 4400-1) of the Stichting Normering Arbeid; before 2027-07-01 it "
        "may stand in for the inspection. Source: the SNA register.",
    ),
    "/sna_certificate/registered": D(
        "true als het bedrijf in het SNA-register staat.",
        "true when the company is listed in the SNA register.",
    ),
    "/sna_certificate/last_inspection_on": D(
        "Datum van de laatste SNA-inspectie. Bron: SNA-inspectierapport.",
        "Date of the last SNA inspection. Source: SNA inspection report.",
    ),
    "/sna_certificate/modules": D(
        "Modules van het keurmerk; tba (ter beschikking stellen van arbeidskrachten) is de module "
        "voor uitlenen. Bron: SNA-certificaat.",
        "Modules of the certificate; tba (ter beschikking stellen van arbeidskrachten) is the "
        "module for lending workers. Source: SNA certificate.",
    ),
    "/sna_certificate/valid_until": D(
        "Laatste dag waarop het keurmerk geldig is. Bron: SNA-certificaat of SNA-register.",
        "Last day on which the certificate is valid. Source: SNA certificate or SNA register.",
    ),
    "/hirers": D(
        "Inleners: bedrijven waaraan u arbeidskrachten uitleent. Bron: contracten, planning, "
        "facturen.",
        "Hirers (inleners): companies you lend workers to. Source: contracts, planning, invoices.",
    ),
    "/hirers/*/name": D("Naam van de inlener.", "Name of the hirer."),
    "/hirers/*/kvk_number": D(
        "KvK-nummer van de inlener, tussen aanhalingstekens.",
        "The hirer's KvK number, in quotes.",
    ),
    "/hirers/*/rie": D(
        "De risico-inventarisatie en -evaluatie (RI&E) van de inlener.",
        "The hirer's risk inventory and evaluation (RI&E).",
    ),
    "/hirers/*/rie/written": D(
        "true als de inlener een schriftelijke RI&E met plan van aanpak heeft.",
        "true when the hirer has a written RI&E with a plan of action.",
    ),
    "/hirers/*/rie/dated": D("Datum van de RI&E.", "Date of the RI&E."),
    "/hirers/*/rie/verified_on": D(
        "Datum waarop u nagingt dat de RI&E er is (vergewisplicht). Bron: eigen vastlegging, "
        "bijv. e-mail of checklist.",
        "Date you verified that the RI&E exists (vergewisplicht). Source: your own record, "
        "e.g. an e-mail or checklist.",
    ),
    "/hirers/*/placements": D(
        "Plaatsingen: welke werknemer bij deze inlener werkt of werkte. Bron: planning.",
        "Placements: which worker works or worked at this hirer. Source: planning system.",
    ),
    "/hirers/*/placements/*/worker": D(
        "Personeelsnummer van de werknemer (een id uit workers).",
        "Employee id of the worker (an id in workers).",
    ),
    "/hirers/*/placements/*/start": D(
        "Eerste werkdag bij de inlener.",
        "First working day at the hirer.",
    ),
    "/hirers/*/placements/*/end": D(
        "Laatste werkdag; leeg als de plaatsing nog loopt.",
        "Last working day; empty while the placement runs.",
    ),
    "/hirers/*/placements/*/notified_to_hirer_on": D(
        "Datum waarop u de inlener vooraf liet weten welke werknemer komt. Bron: e-mail of "
        "plaatsingsbevestiging.",
        "Date you told the hirer in advance which worker is coming. Source: e-mail or placement "
        "confirmation.",
    ),
    "/hirers/*/placements/*/rie_description_received_on": D(
        "Datum waarop u van de inlener de beschrijving van risico's en maatregelen uit de RI&E "
        "kreeg (Arbowet art. 5 lid 5).",
        "Date you received from the hirer the description of hazards and measures from its "
        "RI&E (Arbowet art. 5(5)).",
    ),
    "/hirers/*/placements/*/rie_description_given_on": D(
        "Datum waarop u die beschrijving aan de werknemer gaf, vóór de eerste werkdag (Waadi "
        "art. 11).",
        "Date you gave that description to the worker, before the first working day (Waadi "
        "art. 11).",
    ),
    "/hirers/*/placements/*/rie_description_language": D(
        "Taal van de beschrijving die de werknemer kreeg.",
        "Language of the description the worker received.",
    ),
    "/hirers/*/placements/*/worker_informed_on": D(
        "Datum waarop de werknemer schriftelijk hoorde: begindatum, inlener met contactgegevens "
        "en werkadres, functie en verwachte einddatum (normenkader 5.3).",
        "Date the worker was told in writing: start date, hirer with contact details and work "
        "address, job and expected end date (normenkader 5.3).",
    ),
    "/suppliers": D(
        "Uitleners van wie u zelf arbeidskrachten inleent of doorleent; geen: laat leeg. Bron: "
        "contracten, het register van de NAU.",
        "Lenders you borrow workers from yourself (inlenen, doorlenen); none: leave empty. "
        "Source: contracts, the NAU register.",
    ),
    "/suppliers/*/name": D("Naam van de uitlener.", "Name of the lender."),
    "/suppliers/*/kvk_number": D(
        "KvK-nummer van de uitlener, tussen aanhalingstekens.",
        "KvK number of the lender, in quotes.",
    ),
    "/suppliers/*/nau_status": D(
        "Status van die uitlener bij de NAU (zoals agency.nau.status). Bron: het register van "
        "de NAU.",
        "That lender's status with the NAU (as agency.nau.status). Source: the NAU register.",
    ),
    "/suppliers/*/nau_since": D(
        "Datum van die status (bij applied: de datum van de aanvraag).",
        "Date of that status (for applied: the date the application was filed).",
    ),
    "/accidents": D(
        "Ernstige arbeidsongevallen van uitgeleende werknemers; geen: laat leeg. Bron: "
        "ongevallenregister.",
        "Serious work accidents of lent workers; none: leave empty. Source: accident register.",
    ),
    "/accidents/*/worker": D(
        "Personeelsnummer van de werknemer (een id uit workers).",
        "Employee id of the worker (an id in workers).",
    ),
    "/accidents/*/hirer_kvk_number": D(
        "KvK-nummer van de inlener waar het gebeurde, tussen aanhalingstekens.",
        "KvK number of the hirer where it happened, in quotes.",
    ),
    "/accidents/*/date": D("Datum van het ongeval.", "Date of the accident."),
    "/accidents/*/severity": D(
        "fatal (dodelijk), permanent_injury (blijvend letsel) of hospitalisation "
        "(ziekenhuisopname).",
        "fatal, permanent_injury or hospitalisation.",
    ),
    "/accidents/*/reported_to_inspectorate_on": D(
        "Datum van de melding bij de Nederlandse Arbeidsinspectie. Bron: meldingsbevestiging.",
        "Date reported to the Netherlands Labour Authority (Arbeidsinspectie). Source: its "
        "confirmation.",
    ),
    "/accidents/*/hirer_measures_verified_on": D(
        "Datum waarop u de maatregelen van de inlener na het ongeval controleerde.",
        "Date you verified the hirer's measures after the accident.",
    ),
    "/accidents/*/work_resumed_on": D(
        "Datum waarop de werknemer het werk hervatte; leeg als nog niet.",
        "Date the worker went back to work; empty when not yet.",
    ),
    "/housing": D(
        "Huisvesting die het bureau aanbiedt of regelt.",
        "Housing the agency provides or arranges.",
    ),
    "/housing/provided": D(
        "true als het bureau huisvesting aanbiedt of regelt; false als niet (verwijder dan de "
        "locaties en de huisvesting bij de werknemers).",
        "true when the agency provides or arranges housing; false when not (then remove the "
        "locations and the workers' housing).",
    ),
    "/housing/locations": D(
        "Elke huisvestingslocatie. Bron: het SNF-register (Stichting Normering Flexwonen) of "
        "AKF-register, keuringsrapporten.",
        "Every housing location. Source: the SNF register (Stichting Normering Flexwonen) or AKF "
        "register, inspection reports.",
    ),
    "/housing/locations/*/id": D(
        "Eigen korte code voor de locatie, bijv. LOC-1; werknemers verwijzen ernaar.",
        "Your own short code for the location, e.g. LOC-1; workers refer to it.",
    ),
    "/housing/locations/*/address": D("Adres van de locatie.", "Address of the location."),
    "/housing/locations/*/scheme": D(
        "Keurmerk: snf (Stichting Normering Flexwonen), akf (Agrarisch Keurmerk Flexwonen), "
        "toegelaten_instelling (verhuurd door een woningcorporatie) of none (geen).",
        "Certification scheme: snf (Stichting Normering Flexwonen), akf (Agrarisch Keurmerk "
        "Flexwonen), toegelaten_instelling (let by a housing corporation) or none.",
    ),
    "/housing/locations/*/certificate_number": D(
        "Certificaat- of registratienummer in het SNF- of AKF-register.",
        "Certificate or registration number in the SNF or AKF register.",
    ),
    "/housing/locations/*/registered": D(
        "true als de locatie op de controledatum in het register van het keurmerk staat.",
        "true when the location is listed in the scheme's register on the check date.",
    ),
    "/housing/locations/*/last_inspection_on": D(
        "Datum van de laatste keuring. Bron: keuringsrapport.",
        "Date of the last inspection. Source: inspection report.",
    ),
    "/housing/locations/*/category": D(
        "SNF-categorie: logies, wonen, new_build (nieuwbouw, vergunning aangevraagd na "
        "2025-07-01) of hotel. Bron: SNF-certificaat.",
        "SNF category: logies (lodging), wonen (dwelling), new_build (permit applied for after "
        "2025-07-01) or hotel. Source: SNF certificate.",
    ),
    "/housing/locations/*/usable_floor_area_m2": D(
        "Gebruiksoppervlakte in m2. Bron: keuringsrapport of plattegrond.",
        "Usable floor area in m2. Source: inspection report or floor plan.",
    ),
    "/housing/locations/*/beds": D("Aantal bedden.", "Number of beds."),
    "/housing/locations/*/occupants": D(
        "Aantal bewoners op de controledatum. Bron: bewonersadministratie.",
        "Number of residents on the check date. Source: residents' records.",
    ),
    "/housing/locations/*/toilets": D("Aantal toiletten.", "Number of toilets."),
    "/housing/locations/*/showers": D("Aantal douches.", "Number of showers."),
    "/housing/locations/*/bedrooms": D(
        "Elke slaapkamer van de locatie.",
        "Every bedroom of the location.",
    ),
    "/housing/locations/*/bedrooms/*/area_m2": D(
        "Vloeroppervlakte van de slaapkamer in m2.",
        "Floor area of the bedroom in m2.",
    ),
    "/housing/locations/*/bedrooms/*/occupants": D(
        "Aantal personen dat de kamer gebruikt.",
        "Number of persons using the room.",
    ),
    "/housing/locations/*/bedrooms/*/written_sharing_consent": D(
        "true als beide bewoners schriftelijk instemden met het delen van de kamer.",
        "true when both residents agreed in writing to share the room.",
    ),
    "/workers": D(
        "Uitgeleende of gehuisveste werknemers (allemaal, of een steekproef voor een "
        "zelfcontrole). Bron: personeels- en salarisadministratie; inlezen kan met "
        "`toelating import workers`.",
        "Workers lent or housed (all, or a sample for a self-check). Source: personnel and "
        "payroll records; load them with `toelating import workers`.",
    ),
    "/workers/*/id": D("Personeelsnummer; uniek.", "Employee id; unique."),
    "/workers/*/name": D(
        "Naam (persoonsgegeven; mag leeg blijven).",
        "Name (personal data; may stay empty).",
    ),
    "/workers/*/languages": D(
        "Talen die de werknemer begrijpt. Bron: personeelsdossier.",
        "Languages the worker understands. Source: personnel file.",
    ),
    "/workers/*/nationality": D(
        "Nationaliteit, landcode van twee letters (PL, RO, UA). Bron: identiteitsbewijs.",
        "Nationality, two-letter country code (PL, RO, UA). Source: identity document.",
    ),
    "/workers/*/identity_checked_on": D(
        "Datum waarop u het identiteitsbewijs controleerde en kopieerde (normenkader 5.1). Bron: "
        "personeelsdossier.",
        "Date you checked and copied the identity document (normenkader 5.1). Source: personnel "
        "file.",
    ),
    "/workers/*/work_permit": D(
        "Tewerkstellingsvergunning of GVVA, voor werknemers van buiten de EU/EER/Zwitserland.",
        "Work permit (TWV or GVVA), for workers from outside the EU/EEA/Switzerland.",
    ),
    "/workers/*/work_permit/required": D(
        "true als de werknemer een vergunning nodig heeft. Bron: UWV, IND.",
        "true when the worker needs a permit. Source: UWV, IND.",
    ),
    "/workers/*/work_permit/valid_until": D(
        "Laatste dag waarop de vergunning geldt. Bron: de vergunning.",
        "Last day on which the permit is valid. Source: the permit.",
    ),
    "/workers/*/birth_date": D(
        "Geboortedatum; nodig voor het minimumjeugdloon. Bron: salarisadministratie.",
        "Date of birth; needed for the youth minimum wage. Source: payroll records.",
    ),
    "/workers/*/employment": D("Het dienstverband.", "The employment."),
    "/workers/*/employment/start": D(
        "Datum in dienst. Bron: arbeidsovereenkomst.",
        "Start date of employment. Source: employment contract.",
    ),
    "/workers/*/employment/end": D(
        "Datum uit dienst; leeg als de werknemer nog in dienst is.",
        "End date of employment; empty while employed.",
    ),
    "/workers/*/housing": D(
        "Huisvesting van deze werknemer door het bureau. Huisvest het bureau deze werknemer "
        "niet? Verwijder dan dit hele blok.",
        "Housing of this worker by the agency. Does the agency not house this worker? Then "
        "remove this whole block.",
    ),
    "/workers/*/housing/location": D(
        "Code van de locatie (een id uit housing.locations).",
        "Code of the location (an id in housing.locations).",
    ),
    "/workers/*/housing/housing_required_by_employment": D(
        "true als huisvesting een voorwaarde voor de baan was (mag niet: cao art. 36).",
        "true when housing was made a condition of the job (not allowed: cao art. 36).",
    ),
    "/workers/*/housing/rental_agreement": D(
        "De huurovereenkomst (Wet goed verhuurderschap). Bron: het huurcontract.",
        "The rental agreement (Wet goed verhuurderschap). Source: the rental contract.",
    ),
    "/workers/*/housing/rental_agreement/written": D(
        "true als er een schriftelijke huurovereenkomst is.",
        "true when there is a written rental agreement.",
    ),
    "/workers/*/housing/rental_agreement/separate_from_employment_contract": D(
        "true als de huurovereenkomst een apart document is, los van de arbeidsovereenkomst.",
        "true when the rental agreement is a document separate from the employment contract.",
    ),
    "/workers/*/housing/rental_agreement/signed_on": D(
        "Datum van ondertekening.",
        "Date signed.",
    ),
    "/workers/*/housing/rental_agreement/information_language": D(
        "Taal van de schriftelijke informatie over rechten en plichten van de huurder.",
        "Language of the written information on the tenant's rights and duties.",
    ),
    "/workers/*/housing/rental_agreement/rent_eur": D(
        "Kale huur (zonder servicekosten) per rent_period. Bron: huurovereenkomst.",
        "Base rent (kale huur, without service costs) per rent_period. Source: rental agreement.",
    ),
    "/workers/*/housing/rental_agreement/service_costs_eur": D(
        "Servicekosten per rent_period, apart van de kale huur.",
        "Service costs per rent_period, apart from the base rent.",
    ),
    "/workers/*/housing/rental_agreement/rent_period": D(
        "week of month (per maand).",
        "week or month.",
    ),
    "/workers/*/housing/rental_agreement/deposit_eur": D(
        "Borg voor de woonruimte.",
        "Rental deposit.",
    ),
    "/workers/*/housing/moved_out_on": D(
        "Datum van vertrek uit de woonruimte; leeg als de werknemer er nog woont.",
        "Date the worker moved out; empty while living there.",
    ),
    "/workers/*/housing/deduction_authorisation": D(
        "Schriftelijke, herroepbare volmacht van de werknemer om de huur op het loon in te houden.",
        "The worker's written, revocable authorisation to deduct the rent from wages.",
    ),
    "/workers/*/housing/deduction_authorisation/signed_on": D(
        "Datum van ondertekening van de volmacht.",
        "Date the authorisation was signed.",
    ),
    "/workers/*/housing/deduction_authorisation/revoked_on": D(
        "Datum van intrekking; leeg als de volmacht niet is ingetrokken.",
        "Date revoked; empty when not revoked.",
    ),
    "/workers/*/payslips": D(
        "Loonperioden met een inhouding voor huisvesting (een steekproef mag). Bron: "
        "salarisadministratie; inlezen kan met `toelating import payslips`.",
        "Pay periods with a housing deduction (a sample will do). Source: payroll; load them "
        "with `toelating import payslips`.",
    ),
    "/workers/*/payslips/*/period_start": D(
        "Eerste dag van de loonperiode.",
        "First day of the pay period.",
    ),
    "/workers/*/payslips/*/period_end": D(
        "Laatste dag van de loonperiode.",
        "Last day of the pay period.",
    ),
    "/workers/*/payslips/*/hours_paid": D(
        "Betaalde uren in de periode.",
        "Hours paid in the period.",
    ),
    "/workers/*/payslips/*/housing_deduction_eur": D(
        "Inhouding voor huisvesting in de periode (0 als er geen is).",
        "Housing deduction in the period (0 when there is none).",
    ),
    "/workers/*/payslips/*/deduction_on_payslip": D(
        "true als de inhouding apart op de loonstrook staat.",
        "true when the deduction is shown separately on the payslip.",
    ),
    "/evidence": D(
        "Bewijsstukken: bestanden in de map evidence/ naast dit dossier (VOG, bankafschriften, "
        "rapporten); geen: laat leeg.",
        "Evidence: files in the evidence/ folder beside this dossier (VOG, bank statements, "
        "reports); none: leave empty.",
    ),
    "/evidence/*/id": D(
        "Korte naam waarmee andere velden (evidence: ...) naar dit stuk verwijzen.",
        "Short name other fields (evidence: ...) use to refer to this file.",
    ),
    "/evidence/*/file": D(
        "Pad van het bestand vanaf de map van het dossier, bijv. evidence/vog-rp.pdf.",
        "Path of the file from the dossier's folder, e.g. evidence/vog-rp.pdf.",
    ),
    "/evidence/*/sha256": D(
        "Optioneel: SHA-256 van het bestand; wijkt het af, dan meldt de controle dat het "
        "bestand is gewijzigd.",
        "Optional: the file's SHA-256; when it differs, the check reports the file changed.",
    ),
    "/extensions": D(
        "Vrije ruimte voor eigen gegevens; de regels lezen dit niet.",
        "Free-form room for your own data; the rules do not read it.",
    ),
}

# What to type for each kind of value, shown under the description.
KIND_HINTS: dict[Kind, Described] = {
    Kind.FIXED: D("vaste waarde", "fixed value"),
    Kind.TEXT: D("tekst", "text"),
    Kind.DATE: D("datum JJJJ-MM-DD", "date YYYY-MM-DD"),
    Kind.BOOL: D("true of false", "true or false"),
    Kind.MONEY: D("bedrag in euro, punt als decimaalteken: 118.50", "amount in euro: 118.50"),
    Kind.NUMBER: D("getal, punt als decimaalteken: 9.5", "number: 9.5"),
    Kind.COUNT: D("geheel getal", "whole number"),
    Kind.COUNTRY: D("landcode, 2 hoofdletters: NL, PL", "country code, 2 capitals: NL, PL"),
    Kind.LANGUAGE: D("taalcode, 2 kleine letters: nl, pl", "language code, 2 letters: nl, pl"),
    Kind.LANGUAGES: D("lijst van taalcodes: [ro, en]", "list of language codes: [ro, en]"),
    Kind.HASH: D("64 hexadecimale tekens", "64 hexadecimal characters"),
    Kind.CHOICE: D("een van", "one of"),
    Kind.CHOICES: D("lijst met waarden uit", "list of values from"),
    Kind.MAPPING: D("groep velden", "group of fields"),
    Kind.LIST: D("lijst", "list"),
    Kind.FREE: D("vrij", "free-form"),
}
