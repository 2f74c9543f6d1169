"""The word lists of medeval's bare-name rules (:mod:`medeval.trainers.phi_names`).

Written from general knowledge of clinical English: nouns that follow eponyms, words that come
before and after a person's name, relations and roles, name particles. Which evaluation sets
were read before each word was added is said in benchmarks/phi_scrub.py and the README.
"""

from __future__ import annotations

import re

#: Nouns that make the capitalised word before them an eponym (also after one adjective:
#: "Fisher's exact test").
HEAD_NOUNS = frozenset(
    """
    disease diseases syndrome syndromes palsy sign signs score scores scale scales criteria
    classification staging grade lymphoma sarcoma tumor tumour carcinoma procedure operation
    maneuver manoeuvre catheter monitor node nodes phenomenon esophagus oesophagus thyroiditis
    encephalopathy contracture diverticulum fracture murmur spots lesions lesion respiration
    breathing sounds chart rules rule inventory index position fundoplication angina gangrene
    tear cells cell rods bodies tendon tube area patches fibers fibres arteritis anomaly
    thickness questionnaire point reflex triad dystrophy ataxia chorea neuralgia neuroma anemia
    anaemia cyst hernia ulcer virus sclerosis myopathy granulomatosis arthritis duct canal
    ligament membrane gland glands artery ring space pouch capsule loop plexus ganglion test
    tests method equation formula stain solution incision shunt repair technique foot type
    effect law curve ratio system agar medium analysis estimate estimator correlation
    coefficient regression model hypothesis distribution hospital university clinic institute
    center centre foundation association society college school trial study protocol
    questionnaire assessment examination exam maneuvers disorder deficiency malformation
    dysplasia nephropathy neuropathy retinopathy cardiomyopathy vasculitis fever infection
    mole nevus naevus tremor dementia encephalitis meningitis aneurysm pneumonia mask splint
    traction device pump valve stent graft filter line lines needle protein stage stages
    survey registry program programme bank federation ministry department layer
    pupil aphasia apraxia agnosia jelly pentad tetrad triangle corpuscle corpuscles
    crystals class blade wire pin nail plate screw forceps retractor speculum clamp drain brace
    collar frame suture stitch knot flap block anastomosis sac pathway cycle reaction response
    phase variant deformity dislocation paralysis sequence complex approach view projection
    granule granules nodule nodules plaque plaques papule papules disc disk cartilage tubercle
    tuberosity notch foramen fossa sinus vein nerve muscle bursa fascia fold folds level spot
    stripe stripes body principle fluid mesh tract bundle column crypt crypts island islands
    islet islets organ organs valve node lobule lobe apparatus bag attack pulse gait teeth
    plane dilator screen contractions contraction pearls bulb speculum scissors
    fistula fistulas tool instrument paresis
    """.split()
)
#: Nouns before "of" + an eponym ("tetralogy of Fallot", "circle of Willis").
OF_NOUNS = frozenset(
    "tetralogy circle loop islets islet bundle ligament canal duct ampulla sphincter space "
    "pouch triangle node nodes organ organs column columns crypts glands gland disease sign "
    "law line".split()
)
#: Relation and role nouns right before a name ("husband Robert", "pastor Kline"); after one,
#: even a lower-case name is a name ("my son bogdan says"), as patients write in portal messages.
RELATIONS = frozenset(
    """
    husband wife son daughter mother father brother sister partner spouse friend neighbor
    neighbour grandson granddaughter grandmother grandfather grandma grandpa niece nephew aunt
    uncle cousin caregiver carer guardian proxy boyfriend girlfriend fiance fiancé fiancee
    roommate colleague pharmacist therapist interpreter translator stepson stepdaughter
    stepmother stepfather mom mum dad child baby infant sibling twin chaplain case-manager
    sister-in-law brother-in-law mother-in-law father-in-law son-in-law daughter-in-law
    stepsister stepbrother half-sister half-brother godmother godfather godson goddaughter
    ex-wife ex-husband ex-partner fiancée housemate flatmate landlord landlady employer boss
    coworker co-worker supervisor manager tutor nanny babysitter sponsor mentor coach pastor
    priest rabbi imam minister reverend vicar teacher principal caseworker advocate attorney
    lawyer officer aide attendant driver doula midwife physio physiotherapist dietitian
    dietician counselor counsellor psychologist psychiatrist surgeon physician resident intern
    student provider clinician nurse educator technician tech dr doctor assistant pathologist
    anesthesiologist anaesthetist radiologist hygienist dentist cna rn np scrub circulator
    witness reading ordering attending pcp sw msw lcsw ibclc cnm slp medic paramedic emt
    prosector certifier decedent informant guarantor subscriber prescriber inmate veteran
    pediatrician paediatrician obstetrician optometrist ophthalmologist audiologist lpn crna
    aprn rrt dds vendor rep representative receptionist clerk scheduler registrar volunteer
    housekeeper custodian deputy detective sergeant judge notary sonographer phlebotomist
    courier adjuster coordinator navigator liaison holder cellmate leader participant pct ma
    director registrant applicant claimant enrollee widow widower trainer reviewer
    """.split()
)
#: Verbs of speaking and the like, and salutations, right before a name ("per Kline", "Dear").
VERB_CUES = frozenset(
    """
    per called call phoned phone texted emailed told tell informed inform asked ask thanked
    thank thanks visited contacted contact paged page notified notify reassured counselled
    counseled advised updated greeted met saw see referred dear user sincerely regards cheers
    respectfully warmly truly im named crew re hi hello hey
    """.split()
)
#: Words right before a name: relations and roles, verbs of speaking and the like.
LEFT_CUES = RELATIONS | VERB_CUES
#: Two-word cues ("spoke to", "according to", "accompanied by").
LEFT_PAIRS = frozenset(
    """
    spoke_to spoke_with speak_to speak_with spoken_to spoken_with talked_to talked_with
    discussed_with met_with seen_with reviewed_with according_to accompanied_by brought_by
    signed_by referred_by seen_by visited_by translated_by handed_to over_to left_for
    message_for thanks_to thank_you in_by consent_from consented_by care_of obtained_from
    lives_with living_with stays_with staying_with collateral_from message_from messages_from
    call_from calls_from letter_from letters_from referral_from note_from notes_from
    information_from history_from update_from email_from text_from voicemail_from visit_from
    visits_from dictated_for dictated_by written_by prepared_by prepared_for letter_to
    addressed_to copied_to cc_to forwarded_to given_to sent_to dispensed_to released_to
    explained_to reported_to mailed_to faxed_to delivered_to baby_girl baby_boy called_by
    this_is name_is i_am instructions_for letter_for note_for form_for report_for record_for
    summary_for routed_to assigned_to handover_to call_to calls_to call_with review_with
    """.split()
)
#: Words right after a name: what a person does.
RIGHT_CUES = frozenset(
    """
    reports reported states stated says said denies denied notes noted complains complained
    agrees agreed understands understood declines declined refuses refused asks asked wants
    wanted prefers preferred feels felt lives lived visited visits attended attends arrived
    arrives called calls missed misses tolerated tolerates presents presented returns
    returned underwent recalls remembers admits admitted endorses endorsed describes described
    mentions mentioned told thinks believes knows wishes requests requested consents consented
    will would was is has had works worked smokes drinks drives walks sleeps cried was_tearful
    expressed expresses signed brought came comes went goes found finds manages
    managed translates translated agrees accepted accepts plans planned
    lost gained became becomes appears appeared seems
    seemed looks looked sounded understands verbalized verbalizes voiced voices confirmed
    confirms underwent undergoes undergone remains remained could should can cannot did does
    needs needed hopes hoped worries worried likes liked prefers loves loved hates hated
    sees saw heard hears wrote writes emailed texted phoned called tells asked answered
    answers declined accompanied accompanies drove drives lives referred refers ambulated
    accepting covering uploads uploaded resets notified ran leaves left departs travels flies
    answered fell viewed opened logged
    """.split()
)
#: After "X's": relations and belongings that make X a person.
POSSESSED = frozenset(
    """
    husband wife son daughter mother father brother sister partner spouse friend neighbor
    neighbour grandson granddaughter grandmother grandfather niece nephew aunt uncle cousin
    caregiver guardian boyfriend girlfriend mom mum dad children child baby family parents
    home house room phone email address car job employer doctor nurse appointment visit
    birthday school teacher wedding funeral doula pastor sponsor coach aide roommate therapist
    audio video camera cell mobile pager number squad team semen
    """.split()
)
#: Name particles that join a name's words ("van der Berg", "De la Cruz", "bin Laden", "ten
#: Brink", "Ó Dochartaigh").
PARTICLES = frozenset(
    "van der den de del della la le da di dos das du von bin al el st. st dal dalla dei ten ter "
    "ó ní nic mac ua af ibn abu zur zum dos".split()
)
#: Words that are names and something else a text names without meaning a person: months,
#: weekdays and US states (Safe Harbor keeps states). Names only in a name's context.
AMBIGUOUS_WORDS = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday alabama alaska arizona arkansas
    california colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa
    kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi
    missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma
    oregon pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin wyoming
    """.split()
)

#: Feelings only a person has ("is worried", "was tearful").
FEELINGS = (
    "worried anxious tearful teary upset concerned scared afraid frightened frustrated happy "
    "pleased relieved angry sad depressed distressed agitated confused calm cooperative grateful "
    "eager reluctant hesitant adamant unsure ambivalent keen willing unwilling tired exhausted "
    "overwhelmed embarrassed ashamed hopeful optimistic nervous irritable withdrawn"
).split()

#: A question's modal, then a name, then what a person is asked to do.
MODALS = frozenset("can could would will should did does".split())
REQUESTS = frozenset("call phone text email ring contact come bring pick sign send fax".split())

#: Participles whose agent ("stopped by Ngata", "read by Lindqvist") is a person; not "caused by"
#: or "induced by", whose agent is a disease or a drug.
AGENT_PARTICIPLES = frozenset(
    """
    seen examined assessed evaluated reviewed read written signed dictated stopped started
    prescribed ordered noted reported performed done given taken drawn collected entered
    completed approved authorized authorised referred covered managed followed interpreted
    verified witnessed obtained transcribed confirmed checked changed held merged reset
    accepted called requested found
    """.split()
)

#: Professional credentials written after a name ("Golnaz Paredes, CNM", "K. Strand, PA-C").
CREDENTIALS = (
    "MD|DO|RN|LPN|LVN|NP|PA|PA-C|CNM|CNA|RDH|DDS|DMD|PharmD|RPh|PhD|MSW|LCSW|LICSW|SLP|CCC-SLP|"
    "OTR|OTR/L|DPT|IBCLC|EMT|EMT-P|CRNA|APRN|FNP|DNP|RD|LD|RRT|CNS|BSN|MPH|MBBS|FACP|FACS"
)

#: Endings of clinical nouns that make the capitalised word before them an eponym ("Graves'
#: ophthalmopathy", "Hashimoto thyroiditis", "Whipple pancreaticoduodenectomy").
CLINICAL_SUFFIXES = (
    "opathy",
    "itis",
    "osis",
    "ectomy",
    "otomy",
    "ostomy",
    "plasty",
    "scopy",
    "graphy",
    "emia",
    "algia",
    "plegia",
    "trophy",
)
#: Greetings before a lower-case name in a message ("hi gevorg!", "thanks rumana,").
GREETINGS = frozenset("hi hello hey hiya dear thanks thx morning evening".split())

#: What only a person is followed by: "and I" / "and me", an age ("is a 67-year-old"), a
#: feeling ("is worried", "was tearful"), a wish ("would like to"), a history ("has a history
#: of"), being at home, colleagues ("Nair and colleagues").
PERSON_AFTER = re.compile(
    r"\s+and\s+(?:I|me)\b"
    r"|(?:\s+(?:is|was)|,)\s+(?:a|an)\s+\d{1,3}[- ](?:years?|months?|weeks?|days?)[- ]old\b"
    r"|(?:\s+(?:is|was)|,)\s+(?:a|an)\s+(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)[- ]?(?:y/o|yo|y\.o\.|yr|yrs)"
    r"(?!\w)"
    # "Al-Amin, the night nurse", "Kline, our neighbour"
    rf"|,\s+(?:the|our|my|his|her|their|a|an)\s+(?:[a-z-]+\s+)?(?:{'|'.join(sorted(RELATIONS))})\b"
    rf"|,\s+(?-i:{CREDENTIALS})(?![\w-])"
    r"|\s+(?:is|was|were|feels|felt|seems|seemed|became|remains|remained|looked|looks)\s+"
    r"(?:very\s+|quite\s+|more\s+|less\s+|still\s+)?(?:" + "|".join(FEELINGS) + r")\b"
    r"|\s+(?:would|'d|’d)\s+(?:like|love|prefer|rather)\b"
    r"|\s+(?:wants|wanted|wishes|wished|hopes|hoped|plans|planned|intends|intended)\s+to\b"
    r"|\s+(?:has|had)\s+(?:a|no)\s+(?:(?:past|family|long|known)\s+)?history\s+of\b"
    r"|\s+(?:is\s+|was\s+|stays\s+|stayed\s+)?at\s+home\b"
    r"|\s+(?:and\s+colleagues|et\s+al)\b"
    r"|\s+(?:is\s+|was\s+|stays\s+|stayed\s+|remains\s+)?at\s+(?:the\s+)?bedside\b"
    r"|,\s+(?:aged?|age)\s+\d"
    r"|\s+(?:is|was)\s+doing\b"
)
