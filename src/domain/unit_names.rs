//! The names minutes call a unit by besides its full names: aliases, checked as names are, and
//! kept one a line in the database and separated by `|` in the units file.

use super::{
    message::Message,
    organisation::{FieldError, check_name},
};

/// The most aliases a unit keeps.
pub const ALIASES_MAX: usize = 20;

/// The aliases of a units file's cell: "住建局|the housing bureau".
pub fn split_aliases(cell: &str) -> Vec<String> {
    cell.split('|').map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned).collect()
}

/// The aliases as the database keeps them: one a line.
pub fn stored(aliases: &[String]) -> String {
    aliases.join("\n")
}

/// The aliases the database keeps.
pub fn from_stored(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned).collect()
}

/// Each alias a name (trimmed, one line, not blank), at most `ALIASES_MAX`; one given twice is
/// kept once.
pub fn check_aliases(aliases: &[String]) -> Result<Vec<String>, FieldError> {
    if aliases.len() > ALIASES_MAX {
        return Err(FieldError { field: "aliases", reason: Message::new("error-aliases").number("max", ALIASES_MAX) });
    }
    let mut out: Vec<String> = Vec::with_capacity(aliases.len());
    for alias in aliases {
        let alias = check_name("aliases", alias)?;
        if !out.contains(&alias) {
            out.push(alias);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_split_checked_and_kept_one_a_line() {
        let cell = split_aliases(" 住建局 | the housing bureau ||");
        assert_eq!(cell, vec!["住建局".to_owned(), "the housing bureau".to_owned()]);
        assert_eq!(from_stored(&stored(&cell)), cell);
        assert_eq!(check_aliases(&cell), Ok(cell.clone()));
        let twice = vec!["住建局".to_owned(), " 住建局".to_owned()];
        assert_eq!(check_aliases(&twice), Ok(vec!["住建局".to_owned()]));
        assert_eq!(check_aliases(&[" ".to_owned()]).map_err(|e| e.field), Err("aliases"));
        assert!(check_aliases(&vec!["a".to_owned(); 21]).is_err());
    }
}
