//! English bodies named as proper names ("the Queensland Police Service", "Trading Standards",
//! "the County Department of Public Health", "the Council's Communications team"): the table of
//! department names cannot list every agency of every English-speaking place, but English names
//! its bodies in a few shapes — capitalised words around a head noun ("… Service", "Department of
//! …", "… team") or a line of work written as a name ("Public Health", "Highways") — and the
//! words inside say the line of work. Found here where the table named nothing.

/// Words that make a run of capitalised words a body ("Service", "Department of …").
const HEADS: &[&str] = &[
    "department",
    "dept",
    "bureau",
    "service",
    "services",
    "office",
    "authority",
    "agency",
    "team",
    "division",
    "unit",
    "section",
    "directorate",
    "commission",
    "regulator",
    "ministry",
    "detachment",
    "force",
    "trust",
    "centre",
    "center",
    "group",
    "partnership",
    "administration",
    "university",
    "college",
    // Posts that own actions ("Owner: Street Scene Manager", "Head of Regulatory Services").
    "manager",
    "officer",
    "adviser",
    "advisor",
    "director",
    "head",
    "coordinator",
];

/// The heads of `HEADS` that are posts, not bodies.
const POSTS: &[&str] = &["manager", "officer", "adviser", "advisor", "director", "head", "coordinator"];

/// The line of work a body's words name, the more specific first: "Emergency Department" is a
/// hospital's, "Fire and Rescue Service" the fire service, "Risk Management and Safety" a
/// safety office. Matched as whole words, a trailing `*` as a prefix.
const LINES_OF_WORK: &[(&str, &str)] = &[
    // A company's own departments by what their names say ("Quality Assurance", "Store
    // Operations", "Learning and Development").
    ("quality assurance", "market_regulation"),
    ("quality control", "market_regulation"),
    ("store operations", "commerce"),
    ("retail", "commerce"),
    ("learning and development", "human_resources"),
    // "People and Culture", "People & Culture": a company's human resources by their newer name.
    ("people and culture", "human_resources"),
    ("people & culture", "human_resources"),
    // A sports ground's officers ("Sports Grounds Safety Officer") work for the sport, not for
    // safety at large.
    ("sports ground*", "sports"),
    ("emergency department", "health"),
    ("accident and emergency", "health"),
    ("traffic police", "traffic_police"),
    ("highway patrol", "traffic_police"),
    ("road policing", "traffic_police"),
    ("environmental health", "health"),
    ("trading standards", "market_regulation"),
    ("food standards", "market_regulation"),
    ("occupational health", "health"),
    ("public health", "health"),
    ("health and safety", "emergency_management"),
    ("risk management", "emergency_management"),
    ("emergency management", "emergency_management"),
    ("civil defence", "emergency_management"),
    ("civil protection", "emergency_management"),
    ("public works", "urban_management"),
    ("city services", "urban_management"),
    ("street services", "urban_management"),
    ("code enforcement", "urban_management"),
    ("by-law", "urban_management"),
    ("street scene", "urban_management"),
    ("parking", "urban_management"),
    ("regulatory services", "market_regulation"),
    ("bylaw", "urban_management"),
    ("building control", "housing_construction"),
    ("human resources", "human_resources"),
    ("social services", "civil_affairs"),
    ("social care", "civil_affairs"),
    ("human services", "civil_affairs"),
    ("community services", "civil_affairs"),
    ("homeless*", "civil_affairs"),
    ("natural resources", "natural_resources"),
    ("economic development", "commerce"),
    // The Red Cross shelters and feeds people: mass care, the line of civil affairs.
    ("red cross", "civil_affairs"),
    // Canada's by-law officers, not the police.
    ("municipal law enforcement", "urban_management"),
    ("police", "public_security"),
    ("policing", "public_security"),
    ("sheriff*", "public_security"),
    ("constabulary", "public_security"),
    ("security", "public_security"),
    ("wellbeing", "health"),
    ("conservation", "forestry"),
    ("national park*", "forestry"),
    ("revenues", "finance"),
    ("fire and rescue", "fire_rescue"),
    ("fire", "fire_rescue"),
    ("ambulance", "health"),
    // Emergency medical services, by their letters ("Lee County EMS"); after fire ("County Fire
    // and EMS" is the fire service).
    ("ems", "health"),
    ("health", "health"),
    ("hospital*", "health"),
    ("medical", "health"),
    // "Medicines Safety Committee", "Chief Pharmacist": medicines are health's, safety or not.
    ("medicine*", "health"),
    ("pharmac*", "health"),
    ("education", "education"),
    // A British council's Children's Services run its schools' side.
    ("children's services", "education"),
    ("children’s services", "education"),
    ("school*", "education"),
    // "The University of Sheffield": a university's own minutes are education's.
    ("universit*", "education"),
    ("college*", "education"),
    // A university's or a hospital's Estates keep its buildings.
    ("estates", "housing_construction"),
    ("transport*", "transport"),
    ("highways", "transport"),
    // A highway authority's traffic engineers mark and sign its roads (not traffic police).
    ("traffic engineer*", "transport"),
    // A government's "Department of Infrastructure": its roads, bridges and crossings (not a
    // company's "Logistics and Infrastructure Department").
    ("department of infrastructure", "transport"),
    // A county's public rights of way (footpaths, bridleways) are its highways'.
    ("rights of way", "transport"),
    ("highway", "transport"),
    ("roads", "transport"),
    ("transit", "transport"),
    ("rail", "transport"),
    // "Canal & River Trust": the navigation authority of canals.
    ("canal*", "transport"),
    ("waterways", "transport"),
    ("railway*", "transport"),
    ("meteorolog*", "meteorology"),
    ("weather", "meteorology"),
    ("water", "water_resources"),
    ("dam*", "water_resources"),
    ("licensing", "market_regulation"),
    ("emergency", "emergency_management"),
    ("disaster*", "emergency_management"),
    // "Head of Building Safety", "the Building Safety team": the safety of a landlord's or a
    // council's buildings, which housing keeps (not the emergency services).
    ("building safety", "housing_construction"),
    ("safety", "emergency_management"),
    ("hse", "emergency_management"),
    ("hseq", "emergency_management"),
    ("ehs", "emergency_management"),
    ("sanitation", "urban_management"),
    ("waste", "urban_management"),
    ("housing", "housing_construction"),
    ("planning", "housing_construction"),
    ("building*", "housing_construction"),
    ("environment*", "ecology_environment"),
    // "Department of Primary Industries", "Ministry for Primary Industries": farming and
    // fishing, as are a state's fisheries ("Fisheries and Forestry"), agriculture's.
    ("primary industr*", "agriculture"),
    ("fisheries", "agriculture"),
    ("forest*", "forestry"),
    ("agricultur*", "agriculture"),
    ("sport*", "sports"),
    // A football association's or club's own posts ("Football Development Manager").
    ("football", "sports"),
    ("tourism", "culture_tourism"),
    ("events", "culture_tourism"),
    ("culture", "culture_tourism"),
    ("heritage", "cultural_heritage"),
    ("welfare", "civil_affairs"),
    ("personnel", "human_resources"),
    ("people", "human_resources"),
    ("training", "human_resources"),
    ("hr", "human_resources"),
    ("communications", "general_office"),
    ("secretariat", "general_office"),
    ("clerk", "general_office"),
    ("finance", "finance"),
    ("treasury", "finance"),
    ("energy", "energy"),
    ("electricity", "energy"),
    ("veterans", "veterans_affairs"),
    ("petitions", "petitions"),
    // A landlord's or a council's own teams: safeguarding looks after vulnerable people,
    // governance keeps the records, and IT keeps the systems.
    ("safeguarding", "civil_affairs"),
    ("governance", "general_office"),
    ("ict", "industry_information"),
    ("digital", "industry_information"),
    ("systems", "industry_information"),
];

/// Words a body's name may hold besides its line of work and head ("West Midlands Police",
/// "County Department of Public Health"): any capitalised word, and these joining words.
const JOINERS: &[&str] = &["of", "and", "&", "for", "the"];

/// A body the minutes name in full once ("Department of Local Government, Water and Volunteers
/// (Dam Safety Regulator)", "West Midlands Fire Service") and later by its head noun alone ("the
/// Regulator is to issue …", "The Service will carry out …"): a draft whose lead is still open and
/// whose clause has such a subject takes the line of work of the last body of that head named
/// before it.
pub(super) fn fill_from_short_names(minutes: &str, drafts: &mut [super::Draft]) {
    let bodies = english_bodies(minutes, true);
    if bodies.is_empty() {
        return;
    }
    // A lead from topic words gives way: the minutes say who does it.
    let open =
        |d: &super::Draft| d.lead_unit.is_none() && matches!(d.why.lead_basis, None | Some(super::LeadBasis::Keyword));
    for d in drafts.iter_mut().filter(|d| open(d)) {
        let Some((head, _)) = short_subject(&d.text) else {
            continue;
        };
        let at = d.text.char_indices().nth(40).map_or(d.text.as_str(), |(p, _)| &d.text[..p]);
        let before = minutes.find(at).unwrap_or(minutes.len());
        let named =
            bodies.iter().rev().filter(|b| b.start < before).find(|b| {
                minutes[b.start..b.end].rsplit(' ').next().is_some_and(|last| last.eq_ignore_ascii_case(head))
            });
        if let Some(b) = named {
            if let Some(old) = d.lead_function.replace(b.function.to_string())
                && old != b.function
                && !d.cooperating_functions.contains(&old)
            {
                d.cooperating_functions.push(old);
            }
            d.cooperating_functions.retain(|f| f != b.function);
            d.why.lead_basis = Some(super::LeadBasis::NamedDepartment);
            d.why.lead_words = Some(minutes[b.start..b.end].to_string());
            d.confidence = super::Confidence::Medium;
        }
    }
}

/// "the Regulator is to …", "The Service will …": a body's head noun alone, capitalised after
/// "the", as the subject of a clause of the text; the head and where it stands.
fn short_subject(text: &str) -> Option<(&str, usize)> {
    const ACTS: &[&str] = &[" is to ", " are to ", " will ", " shall ", " must ", " to "];
    for (p, _) in text.match_indices("the ").chain(text.match_indices("The ")) {
        let rest = &text[p + 4..];
        let word_end = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        let word = &rest[..word_end];
        if capitalised(word)
            && HEADS.contains(&word.to_ascii_lowercase().as_str())
            && ACTS.iter().any(|a| rest[word_end..].starts_with(a))
        {
            return Some((word, p));
        }
    }
    None
}

/// The short forms the minutes define for bodies ("Pennsylvania State Police (PSP)",
/// "PEMA (Pennsylvania Emergency Management Agency)"), each with the line of work of the body it
/// stands for, to be found later wherever the minutes use it ("PSP will designate …").
pub(super) fn acronyms(minutes: &str) -> Vec<super::DepartmentName> {
    // "ACTION (Club Safety Officer): …" labels an action with its owner; it defines nothing.
    let acronym = |s: &str| {
        let s = s.trim();
        !["ACTION", "ACTIONS"].contains(&s)
            && (2..=12).contains(&s.len())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '-')
            && s.chars().filter(char::is_ascii_uppercase).count() >= 2
    };
    let mut out: Vec<super::DepartmentName> = Vec::new();
    let mut add = |name: &str, function: &str| {
        if !out.iter().any(|d| d.name == name) {
            out.push(super::DepartmentName { name: name.to_string(), function: function.to_string(), unit: None });
        }
    };
    for b in english_bodies(minutes, true) {
        // "Full Name (ACR)"
        let after = &minutes[b.end..];
        if let Some(inner) = after.strip_prefix(" (").and_then(|r| r.split_once(')')).map(|(i, _)| i)
            && acronym(inner)
        {
            add(inner.trim(), b.function);
        }
        // "ACR (Full Name)"
        let before = &minutes[..b.start];
        if let Some(head) = before.strip_suffix('(').map(str::trim_end)
            && let Some(token) = head.rsplit(char::is_whitespace).next()
            && acronym(token)
            && minutes[b.end..].starts_with(')')
        {
            add(token, b.function);
        }
        // "the Department of Public Works … DPW will dispatch …": the initials of its words, used
        // as a word of their own elsewhere, stand for it without being defined.
        let initials: String = minutes[b.start..b.end]
            .split_whitespace()
            .filter(|w| !JOINERS.contains(&w.to_ascii_lowercase().as_str()))
            .filter_map(|w| w.chars().next().filter(char::is_ascii_uppercase))
            .collect();
        if initials.len() >= 3 && minutes.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == initials) {
            add(&initials, b.function);
        }
    }
    // "Florida Department of Health in Volusia County (DOH-Volusia)", "Volusia Sheriff's Office
    // (VSO)": words the body's name does not run through may stand between it and its short
    // form; the last body named before the bracket, in the same stretch of the line.
    for (open, _) in minutes.match_indices('(') {
        let Some(inner) = minutes[open + 1..].split_once(')').map(|(i, _)| i).filter(|i| acronym(i)) else {
            continue;
        };
        let from = minutes[..open]
            .rfind([';', ':', '–', '—', '\n', '(', ')', '.'])
            .map_or(0, |p| p + minutes[p..].chars().next().map_or(1, char::len_utf8));
        if let Some(b) = english_bodies(&minutes[from..open], true).last() {
            add(inner.trim(), b.function);
        }
    }
    out
}

/// A body named in English: byte range in the text and its line of work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Body {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) function: &'static str,
}

/// The bodies `text` names as proper names, in order. `names_only`: the text is a list of
/// names ("Lead: Public Works. With: PARCS."), so a name that opens it need not act.
pub(super) fn english_bodies(text: &str, names_only: bool) -> Vec<Body> {
    let words = words_of(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !capitalised(words[i].text) {
            i += 1;
            continue;
        }
        // A run of capitalised words and joiners, ending at punctuation; a lower-case head
        // right after it belongs to it ("the Highways team").
        // "The Queensland Police Service": the article is no part of the name.
        if words[i].lower == "the" {
            i += 1;
            continue;
        }
        let mut j = i;
        // "Department of Local Government, Water and Volunteers": after "Department of" a
        // comma lists the lines of work the department holds.
        // Not a post's "Head of Safety and Security, South Western Railway": the body follows it.
        let department_of = HEADS.contains(&words[i].lower.as_str())
            && !POSTS.contains(&words[i].lower.as_str())
            && words.get(i + 1).is_some_and(|w| w.lower == "of");
        // "Director of Planning, Transport and Environment", "Director, Health, Safety and
        // Wellbeing": a post's lines of work listed with commas up to their "and".
        let post = POSTS.contains(&words[i].lower.as_str());
        while j + 1 < words.len()
            && (!words[j].stops || (words[j].comma && (department_of || (post && lists_lines(&words[j + 1..])))))
            && (capitalised(words[j + 1].text) || JOINERS.contains(&words[j + 1].lower.as_str()))
        {
            j += 1;
        }
        while j > i && JOINERS.contains(&words[j].lower.as_str()) {
            j -= 1;
        }
        if !words[j].stops && words.get(j + 1).is_some_and(|w| HEADS.contains(&w.lower.as_str())) {
            j += 1;
        }
        if let Some(body) = body_of(text, &words, i, j, names_only) {
            out.push(body);
        }
        i = j + 1;
    }
    out
}

/// Whether the words after a comma go on listing lines of work up to an "and" before the name
/// ends ("Transport and Environment", "Safety and Wellbeing"); not a body named after a post
/// ("…, South Western Railway", "…, Department of Environment and Climate Change") nor people
/// ("…, Councillor Smith and the Chair").
fn lists_lines(words: &[Word]) -> bool {
    for w in words {
        // "…, Department of Environment and Climate Change": a body of its own after the post.
        let body = HEADS.contains(&w.lower.as_str());
        let person = w.lower == "the" || super::initials::TITLES.contains(&w.lower.as_str());
        if body || person || !(capitalised(w.text) || JOINERS.contains(&w.lower.as_str())) {
            return false;
        }
        if w.lower == "and" || w.lower == "&" {
            return true;
        }
        if w.stops && !w.comma {
            return false;
        }
    }
    false
}

fn body_of(text: &str, words: &[Word], i: usize, j: usize, names_only: bool) -> Option<Body> {
    let run = &words[i..=j];
    let lower: Vec<&str> = run.iter().map(|w| w.lower.as_str()).collect();
    let function = line_of_work(&lower)?;
    let has_head = lower.iter().any(|w| HEADS.contains(w));
    // Without a head noun the run must end in its line of work ("Queensland Health", "Trading
    // Standards", "the Police"), and a single word that opens the text is only a body when
    // it acts ("Licensing will write …", not "Health and safety …"); a name of two words or more
    // followed by a word in lower case is the subject of that word ("Environmental Health offer
    // …", "Thames Water install …"), as a resolution's "request that …" leaves it.
    if !has_head {
        let last = lower.last().copied().unwrap_or("");
        if line_of_work(&[last]).is_none() && !ends_with_line(&lower) {
            return None;
        }
        let opens = text[..run[0].start].trim_end().is_empty() || text[..run[0].start].trim_end().ends_with(['.', ':']);
        let rest = &text[run[run.len() - 1].end..];
        let verb_follows =
            run.len() >= 2 && rest.strip_prefix(' ').is_some_and(|r| r.starts_with(|c: char| c.is_ascii_lowercase()));
        if opens && !names_only && !verb_follows {
            let after = rest.to_ascii_lowercase();
            // "NZ Police, with Fire and Emergency New Zealand, will prepare …": past an aside.
            let after = match after.strip_prefix(", ").and_then(|a| a.split_once(", ")) {
                Some((aside, rest)) if !aside.contains(['.', ';']) => format!(" {rest}"),
                _ => after,
            };
            let acts = [" to ", " will ", " is to ", " are to ", " shall ", " must ", " has ", " have ", " agreed "]
                .iter()
                .any(|m| after.starts_with(m));
            if !acts {
                return None;
            }
        }
    }
    Some(Body { start: run[0].start, end: run[run.len() - 1].end, function })
}

/// The run ends in a line of work of two words or more ("… Trading Standards", "… Public
/// Works", "Learning and Development").
fn ends_with_line(lower: &[&str]) -> bool {
    if lower.len() >= 2 && line_of_work(&lower[lower.len() - 2..]).is_some() {
        return true;
    }
    (3..=lower.len().min(4)).any(|n| {
        let tail = &lower[lower.len() - n..];
        LINES_OF_WORK.iter().any(|&(pattern, _)| {
            let pat: Vec<&str> = pattern.split(' ').collect();
            pat.len() == n && tail.iter().zip(&pat).all(|(word, p)| matches_word(word, p))
        })
    })
}

/// The line of work the words name, the most specific entry first.
fn line_of_work(lower: &[&str]) -> Option<&'static str> {
    LINES_OF_WORK.iter().find_map(|&(pattern, function)| {
        let pat: Vec<&str> = pattern.split(' ').collect();
        lower.windows(pat.len()).any(|w| w.iter().zip(&pat).all(|(word, p)| matches_word(word, p))).then_some(function)
    })
}

fn matches_word(word: &str, pattern: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == pattern,
    }
}

struct Word<'a> {
    text: &'a str,
    lower: String,
    start: usize,
    end: usize,
    /// Punctuation follows the word: the name ends there.
    stops: bool,
    /// The punctuation is a comma alone.
    comma: bool,
}

/// The words of a text with their byte ranges, punctuation trimmed off ("Council's" keeps its
/// possessive and so does not run on into "Communications").
fn words_of(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for raw in text.split_inclusive(char::is_whitespace) {
        let start_raw = at;
        at += raw.len();
        let token = raw.trim_end();
        let lead = token.len() - token.trim_start_matches(['(', '"', '“', '\'', '‘']).len();
        let core = token[lead..].trim_end_matches(|c: char| !c.is_alphanumeric() && c != '&');
        if core.is_empty() {
            continue;
        }
        let tail = &token[lead + core.len()..];
        // "the Council's Communications team": an owner's name ends before what it owns; but
        // "Children's Services", "Women's Aid": a plural's possessive is part of the name.
        let plural = ["children", "women", "men", "people"].iter().any(|p| core.to_lowercase().starts_with(p));
        let possessive = (core.ends_with("'s") || core.ends_with("’s")) && !plural;
        out.push(Word {
            text: core,
            lower: core.to_lowercase(),
            start: start_raw + lead,
            end: start_raw + lead + core.len(),
            // A name ends with its line: "… Trust Fire Safety Adviser\nStephen Lowe (SL)" are two.
            stops: !tail.is_empty() || possessive || raw.ends_with('\n'),
            comma: tail == ",",
        });
        // "Water and Volunteers (Dam Safety Regulator)": a bracket ends the name before it.
        if lead > 0
            && let [.., before, _] = out.as_mut_slice()
        {
            before.stops = true;
        }
    }
    out
}

/// "Police", "HSEQ", "By-law": a word that starts with a capital.
fn capitalised(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(text: &str) -> Vec<(&str, &'static str)> {
        english_bodies(text, false).into_iter().map(|b| (&text[b.start..b.end], b.function)).collect()
    }

    #[test]
    fn a_capitalised_name_around_a_head_noun_is_a_body_of_its_words_line_of_work() {
        assert_eq!(
            named("The Queensland Police Service, with the State Emergency Service assisting, is to review"),
            vec![("Queensland Police Service", "public_security"), ("State Emergency Service", "emergency_management")]
        );
        assert_eq!(
            named("Lead: County Department of Public Health. With: Fire Department."),
            vec![("County Department of Public Health", "health"), ("Fire Department", "fire_rescue")]
        );
        assert_eq!(
            named("the Council's Communications team will lead"),
            vec![("Communications team", "general_office")]
        );
        assert_eq!(
            named("The Department of Local Government, Water and Volunteers is to ensure"),
            vec![("Department of Local Government, Water and Volunteers", "water_resources")]
        );
        // A name that opens the text acts past an aside.
        assert_eq!(
            named("Tasman Police, with the harbour master, will close the wharf"),
            vec![("Tasman Police", "public_security")]
        );
        assert!(named("Tasman Police, in a report to the board, noted the figures").is_empty());
        // Outside "Department of …" a comma ends the name.
        assert_eq!(
            named("with Police, Fire and Ambulance represented"),
            vec![("Police", "public_security"), ("Fire and Ambulance", "fire_rescue")]
        );
        assert_eq!(
            named("injuries seen at the Emergency Department between"),
            vec![("Emergency Department", "health")]
        );
    }

    #[test]
    fn a_line_of_work_written_as_a_name_is_a_body_where_it_acts_or_stands_inside_a_sentence() {
        assert_eq!(
            named("Trading Standards will carry out test purchases"),
            vec![("Trading Standards", "market_regulation")]
        );
        assert_eq!(named("It was agreed that the Police will deploy patrols"), vec![("Police", "public_security")]);
        assert_eq!(named("Licensing will write to all premises"), vec![("Licensing", "market_regulation")]);
        assert_eq!(named("Security Services will increase patrols"), vec![("Security Services", "public_security")]);
        assert_eq!(
            named("with the Department of Conservation rangers"),
            vec![("Department of Conservation", "forestry")]
        );
        assert_eq!(named("Queensland Health is to confirm"), vec![("Queensland Health", "health")]);
        assert_eq!(
            named("the Ministry for Primary Industries to update guidance"),
            vec![("Ministry for Primary Industries", "agriculture")]
        );
        assert_eq!(named("NT Fisheries will patrol the ramps"), vec![("NT Fisheries", "agriculture")]);
        assert_eq!(named("DMD Traffic Engineering will replace signs"), vec![("DMD Traffic Engineering", "transport")]);
        assert_eq!(
            named("the Building Safety team will update"),
            vec![("Building Safety team", "housing_construction")]
        );
        assert_eq!(named("Fisheries and Forestry will publish"), vec![("Fisheries and Forestry", "agriculture")]);
        assert_eq!(named("Polk County EMS will staff the gates"), vec![("Polk County EMS", "health")]);
        assert_eq!(
            named("Children's Services will circulate the resources"),
            vec![("Children's Services", "education")]
        );
        assert_eq!(
            named("the Public Rights of Way team will close the path"),
            vec![("Public Rights of Way team", "transport")]
        );
        // A landlord's own teams by what they do.
        assert_eq!(
            named("the Data and Systems team to add a flag"),
            vec![("Data and Systems team", "industry_information")]
        );
        assert_eq!(named("the Governance team to sign the agreement"), vec![("Governance team", "general_office")]);
        assert_eq!(named("the Safeguarding team will visit"), vec![("Safeguarding team", "civil_affairs")]);
        // A company's human resources by their newer name, before "culture" names tourism's line.
        assert_eq!(
            named("People and Culture will contact the driver"),
            vec![("People and Culture", "human_resources")]
        );
        assert_eq!(named("People & Culture will contact the driver"), vec![("People & Culture", "human_resources")]);
        // Medicines are health's, whatever safety a committee's name also holds.
        assert_eq!(
            named("the Medicines Safety Committee will review the audit"),
            vec![("Medicines Safety Committee", "health")]
        );
        assert_eq!(named("the Pharmacy Manager will reconcile the stock"), vec![("Pharmacy Manager", "health")]);
        // A football association's own posts work for the sport.
        assert_eq!(
            named("the Football Development Manager will write"),
            vec![("Football Development Manager", "sports")]
        );
        assert_eq!(
            named("Marion County Fire and EMS will run a drill"),
            vec![("Marion County Fire and EMS", "fire_rescue")]
        );
        // A capitalised word that opens a sentence without acting names no body.
        assert!(named("Health and safety is everyone's responsibility.").is_empty());
        // A name of two words or more before a word in lower case is its subject, as a resolution's
        // "request that Environmental Health offer …" leaves it; not before an aside.
        assert_eq!(
            named("Environmental Health offer free workshops for operators"),
            vec![("Environmental Health", "health")]
        );
        // Capitalised words with no line of work, or a line of work not ending the name, are no body.
        assert!(named("review the Emergency Action Plan for each dam").is_empty());
        assert!(named("an Excessive Heat Warning is in effect").is_empty());
        // In a list of names ("Lead: …") the first need not act.
        let names = |t: &str| english_bodies(t, true).into_iter().map(|b| b.function).collect::<Vec<_>>();
        assert_eq!(names("Risk Management and Safety"), vec!["emergency_management"]);
        assert_eq!(names("Public Works"), vec!["urban_management"]);
        // A post's lines of work listed with commas are one name, up to their "and".
        let spans = |t: &str| {
            english_bodies(t, true).into_iter().map(|b| (t[b.start..b.end].to_string(), b.function)).collect::<Vec<_>>()
        };
        assert_eq!(
            spans("the Director of Planning, Transport and Environment procure the cameras"),
            vec![("Director of Planning, Transport and Environment".to_string(), "transport")]
        );
        // Not a body named after the post, nor people.
        assert_eq!(
            spans("Director, Drinking Water Program, Department of Environment and Climate Change"),
            vec![
                ("Drinking Water Program".to_string(), "water_resources"),
                ("Department of Environment and Climate Change".to_string(), "ecology_environment")
            ]
        );
        assert_eq!(
            spans("the Head of Highways, Councillor Smith and the Chair"),
            vec![("Head of Highways".to_string(), "transport")]
        );
        // The list ends where the name does ("Bridges;"), "and" or not after it.
        assert_eq!(
            spans("the Head of Highways, Bridges; Fire and Rescue will attend")[0],
            ("Head of Highways".to_string(), "transport")
        );
    }

    #[test]
    fn the_short_forms_the_minutes_define_stand_for_their_bodies() {
        let minutes = "Agencies: Pennsylvania State Police (PSP); PEMA (Pennsylvania Emergency Management Agency); \
                       Department of Transportation (PennDOT); the Treasury (2026).";
        let found: Vec<(String, String)> = acronyms(minutes).into_iter().map(|d| (d.name, d.function)).collect();
        let want = [("PSP", "public_security"), ("PEMA", "emergency_management"), ("PennDOT", "transport")];
        assert_eq!(found, want.map(|(a, f)| (a.to_string(), f.to_string())).to_vec());
    }

    #[test]
    fn a_short_form_in_brackets_stands_for_the_body_named_before_it_in_its_stretch_of_line() {
        let minutes = "ESF-8 Health – State Department of Health in Marion County (DOH-Marion); clinics\n\
                       ESF-16 Law Enforcement – Marion Sheriff's Office (MSO)\n\
                       Venue: Town Hall (TH)";
        let found: Vec<(String, String)> = acronyms(minutes).into_iter().map(|d| (d.name, d.function)).collect();
        let want = [("DOH-Marion", "health"), ("MSO", "public_security")];
        assert_eq!(found, want.map(|(a, f)| (a.to_string(), f.to_string())).to_vec());
    }

    #[test]
    fn a_short_form_after_a_posts_holder_stands_for_the_body_not_the_post() {
        let minutes = "Present:\nGareth Owen, Head of Safety and Security, South Western Railway (SWR)\n";
        let found: Vec<(String, String)> = acronyms(minutes).into_iter().map(|d| (d.name, d.function)).collect();
        assert_eq!(found, vec![("SWR".to_string(), "transport".to_string())]);
    }

    #[test]
    fn the_initials_of_a_body_named_in_full_stand_for_it_where_used_alone() {
        let minutes = "Staff: Commissioner, Department of Public Health; Harbour Master.\n\
                       3. DPH will test the wells. The BBQ season opens in May.";
        let found: Vec<(String, String)> = acronyms(minutes).into_iter().map(|d| (d.name, d.function)).collect();
        assert_eq!(found, [("DPH".to_string(), "health".to_string())]);
        // Initials nobody uses alone define nothing.
        assert!(acronyms("Staff: Department of Public Health.").is_empty());
    }

    #[test]
    fn a_body_named_later_by_its_head_alone_is_the_one_named_in_full_before() {
        let minutes = "Present: Department of Local Government, Water and Volunteers (Dam Safety Regulator); \
                       West Midlands Fire Service.\n\
                       5.3 Where an inspection finds a defect, the Regulator is to issue a direction.\n\
                       5.4 The Service will carry out home fire safety visits.\n\
                       5.5 The Board will review the plan.";
        let drafts = super::super::draft_directives(
            minutes,
            &super::super::default_rules(),
            chrono::NaiveDate::from_ymd_opt(2025, 9, 18).unwrap(),
        )
        .unwrap();
        let lead = |needle: &str| drafts.iter().find(|d| d.text.contains(needle)).and_then(|d| d.lead_function.clone());
        assert_eq!(lead("issue a direction").as_deref(), Some("water_resources"));
        assert_eq!(lead("home fire safety").as_deref(), Some("fire_rescue"));
    }
}
