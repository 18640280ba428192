//! The places ("schools", "水库") and industries ("coal mines", "燃气") a requirement names, each
//! shown under one name however it was spelled.

use super::matching::{Folded, masked_hits};

#[derive(Clone, Copy, PartialEq, Eq)]
enum TermKind {
    Place,
    Industry,
}

/// (pattern, kind, name shown). Several patterns may share a name.
const TERMS: &[(&str, TermKind, &str)] = &[
    ("school", TermKind::Place, "schools"),
    ("hospital", TermKind::Place, "hospitals"),
    ("nine small places", TermKind::Place, "nine small places"),
    ("nine primary schools", TermKind::Place, "nine small places"),
    ("mine", TermKind::Place, "mines"),
    ("shopping mall", TermKind::Place, "shopping malls"),
    ("supermarket", TermKind::Place, "supermarkets"),
    ("station", TermKind::Place, "stations"),
    ("construction site", TermKind::Place, "construction sites"),
    ("reservoir", TermKind::Place, "reservoirs"),
    ("scenic spot", TermKind::Place, "scenic spots"),
    ("scenic area", TermKind::Place, "scenic spots"),
    ("nursing home", TermKind::Place, "nursing homes"),
    ("kindergarten", TermKind::Place, "kindergartens"),
    ("hotel", TermKind::Place, "hotels"),
    ("restaurant", TermKind::Place, "restaurants"),
    ("residential area", TermKind::Place, "residential areas"),
    ("high-rise building", TermKind::Place, "high-rise buildings"),
    ("densely populated places", TermKind::Place, "densely populated places"),
    ("coal mine", TermKind::Industry, "coal mines"),
    ("non-coal mine", TermKind::Industry, "non-coal mines"),
    ("hazardous chemical", TermKind::Industry, "hazardous chemicals"),
    ("dangerous chemical", TermKind::Industry, "hazardous chemicals"),
    ("industry and trade", TermKind::Industry, "industry and trade"),
    ("construction", TermKind::Industry, "construction"),
    ("gas", TermKind::Industry, "gas"),
    ("gas cylinder", TermKind::Industry, "gas"),
    ("heating", TermKind::Industry, "heating"),
    ("fireworks", TermKind::Industry, "fireworks"),
    ("road passenger transport", TermKind::Industry, "road passenger transport"),
    ("passenger transport", TermKind::Industry, "road passenger transport"),
    ("special equipment", TermKind::Industry, "special equipment"),
    ("tourism", TermKind::Industry, "tourism"),
    ("mining", TermKind::Industry, "mining"),
    ("学校", TermKind::Place, "学校"),
    ("医院", TermKind::Place, "医院"),
    ("九小场所", TermKind::Place, "九小场所"),
    ("人员密集场所", TermKind::Place, "人员密集场所"),
    ("矿山", TermKind::Place, "矿山"),
    ("商场", TermKind::Place, "商场"),
    ("商超", TermKind::Place, "商场"),
    ("超市", TermKind::Place, "超市"),
    ("车站", TermKind::Place, "车站"),
    ("客运站", TermKind::Place, "车站"),
    ("工地", TermKind::Place, "工地"),
    ("水库", TermKind::Place, "水库"),
    ("山塘", TermKind::Place, "山塘"),
    ("堤防", TermKind::Place, "堤防"),
    ("地质灾害隐患点", TermKind::Place, "地质灾害隐患点"),
    ("景区", TermKind::Place, "景区"),
    ("养老院", TermKind::Place, "养老机构"),
    ("养老机构", TermKind::Place, "养老机构"),
    ("幼儿园", TermKind::Place, "幼儿园"),
    ("宾馆", TermKind::Place, "宾馆"),
    ("酒店", TermKind::Place, "酒店"),
    ("老旧小区", TermKind::Place, "老旧小区"),
    ("高层建筑", TermKind::Place, "高层建筑"),
    ("煤矿", TermKind::Industry, "煤矿"),
    ("非煤矿山", TermKind::Industry, "非煤矿山"),
    ("危险化学品", TermKind::Industry, "危险化学品"),
    ("危化品", TermKind::Industry, "危险化学品"),
    ("工贸", TermKind::Industry, "工贸"),
    ("建筑施工", TermKind::Industry, "建筑施工"),
    ("燃气", TermKind::Industry, "燃气"),
    ("烟花爆竹", TermKind::Industry, "烟花爆竹"),
    ("道路运输", TermKind::Industry, "道路运输"),
    ("客运", TermKind::Industry, "道路运输"),
    ("特种设备", TermKind::Industry, "特种设备"),
    ("旅游", TermKind::Industry, "旅游"),
    ("供暖", TermKind::Industry, "供热"),
    ("供热", TermKind::Industry, "供热"),
    ("化工", TermKind::Industry, "化工"),
];

/// Places and industries a requirement names, in the order it names them.
pub(super) fn extract_terms(text: &str) -> (Vec<String>, Vec<String>) {
    let patterns: Vec<Vec<char>> = TERMS.iter().map(|(p, _, _)| p.chars().collect()).collect();
    let folded = Folded::new(text);
    let mut places: Vec<String> = Vec::new();
    let mut industries: Vec<String> = Vec::new();
    for (idx, _) in masked_hits(&folded, &patterns) {
        let (_, kind, name) = TERMS[idx];
        let list = match kind {
            TermKind::Place => &mut places,
            TermKind::Industry => &mut industries,
        };
        if !list.iter().any(|n| n == name) {
            list.push(name.to_string());
        }
    }
    (places, industries)
}
