//! Reference data every deployment has: the assessment instruments the seed projects name.
//! Ensured at start, idempotently, so instances starting together add each once.

use askel_domain::{Dimension, Instrument, Item, Scale};
use askel_persistence::{Conflict, Database, StoreError};

use crate::clock::now;

/// The reference instruments' first versions have the same id in every new database, so the
/// contract's examples and a newcomer's first assessment can name them (a database that added
/// them before kept the ids it drew then).
pub const KYKYVIISARI_V1: uuid::Uuid =
    uuid::Uuid::from_u128(0x0194_1f29_7c00_7000_8000_0000_0000_00a1);
/// See [`KYKYVIISARI_V1`].
pub const HYVINVOINTIMITTARI_V1: uuid::Uuid =
    uuid::Uuid::from_u128(0x0194_1f29_7c00_7000_8000_0000_0000_00a2);

fn single_item(code: &str, label: &str) -> Dimension {
    Dimension {
        code: code.to_owned(),
        label: label.to_owned(),
        items: vec![Item {
            code: code.to_owned(),
            label: label.to_owned(),
            scale: Scale { min: 0, max: 10 },
        }],
    }
}

/// Kykyviisari by its published structure: overall work ability 0–10 and one 0–10 score per
/// domain. The form's own question wording is not reproduced.
fn kykyviisari() -> Instrument {
    Instrument {
        id: KYKYVIISARI_V1,
        code: "kykyviisari".into(),
        version: 1,
        name: "Kykyviisari".into(),
        description: "Self-assessment of functional and work ability (Kykyviisari), recorded by its published structure: overall work ability on 0–10 and a 0–10 score per domain. Item labels name the domains; the form's own question wording is not reproduced here.".into(),
        dimensions: vec![
            single_item("work_ability", "Työkyky kokonaisuutena / Overall work ability"),
            single_item("mental_wellbeing", "Psyykkinen hyvinvointi / Mental wellbeing"),
            single_item("social_inclusion", "Sosiaalinen osallisuus / Social inclusion"),
            single_item("physical_functioning", "Fyysinen toimintakyky / Physical functioning"),
            single_item("skills", "Osaaminen / Skills"),
            single_item("everyday_coping", "Arjessa selviytyminen / Coping with everyday life"),
        ],
        created_at: now(),
    }
}

/// The adult social work wellbeing meter (aikuissosiaalityön hyvinvointimittari) the seed
/// projects use. Its official dimensions and wording are not reproduced: this version holds one
/// overall dimension, labelled as such, until an administrator defines the published dimensions
/// as the next version.
fn hyvinvointimittari() -> Instrument {
    Instrument {
        id: HYVINVOINTIMITTARI_V1,
        code: "hyvinvointimittari".into(),
        version: 1,
        name: "Aikuissosiaalityön hyvinvointimittari (structure placeholder)".into(),
        description: "The adult social work wellbeing meter. Askel does not reproduce the meter's official dimensions or wording: this version records one overall 0–10 score. Define the published dimensions with POST /v1/instruments (code hyvinvointimittari) to create version 2; assessments keep the version they were made with.".into(),
        dimensions: vec![single_item("overall", "Hyvinvointi kokonaisuutena / Overall wellbeing")],
        created_at: now(),
    }
}

/// Adds the reference instruments that are missing.
pub async fn ensure(db: &Database) -> Result<(), StoreError> {
    for instrument in [kykyviisari(), hyvinvointimittari()] {
        let added = crate::transaction::outside::write_in(db, async |tx| {
            if tx
                .assessments()
                .latest_instrument_version(&instrument.code)
                .await?
                .is_some()
            {
                return Ok(());
            }
            tx.assessments().insert_instrument(&instrument).await
        })
        .await;
        match added {
            // Another instance added it first.
            Ok(()) | Err(StoreError::Conflict(Conflict::Other)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_instruments_are_valid_definitions() {
        assert!(kykyviisari().check().is_ok());
        assert!(hyvinvointimittari().check().is_ok());
        assert_eq!(kykyviisari().dimensions.len(), 6);
    }
}
