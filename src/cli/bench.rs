//! `duban bench`: read-side timings over the configured (seeded) database, in process: the
//! dashboard from the rollup counters beside a plain GROUP BY over the tasks table for the
//! same units, a directive's rollup, and the task lists. Prints a Markdown table.

use std::time::{Duration, Instant};

use duban::domain::ids::{DirectiveId, UnitId};
use duban::{
    domain::vocabulary::UnitLevel,
    services::{
        Actor, Ctx, bench,
        queries::{self, TaskFilter},
        rollups::{self, Narrowing},
    },
};

/// Timings of one kind of read.
struct Series {
    name: String,
    samples: Vec<Duration>,
}

impl Series {
    fn percentile(&self, p: f64) -> f64 {
        let mut sorted = self.samples.clone();
        sorted.sort();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
}

/// Runs `read` over `inputs` round-robin, up to `rounds` times each or until `budget` is spent.
async fn measure<T: Copy, F, Fut>(
    name: &str,
    inputs: &[T],
    rounds: usize,
    budget: Duration,
    read: F,
) -> Result<Series, String>
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let started = Instant::now();
    let mut samples = Vec::new();
    'rounds: for _ in 0..rounds {
        for input in inputs {
            let at = Instant::now();
            read(*input).await?;
            samples.push(at.elapsed());
            if started.elapsed() > budget {
                break 'rounds;
            }
        }
    }
    eprintln!("measured {name}: {} reads", samples.len());
    Ok(Series { name: name.to_owned(), samples })
}

async fn actor(ctx: &Ctx, username: &str) -> Result<Actor, String> {
    bench::actor(ctx, username)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no user {username}: run duban seed --scale N on this database first"))
}

pub async fn run(ctx: Ctx, rounds: usize) -> Result<(), String> {
    let ctx = &ctx;
    let leader = actor(ctx, "p-leader").await?;
    let secretariat = actor(ctx, "p-secretariat").await?;
    let county = actor(ctx, "c0-k0").await?;
    let err = |e: duban::services::ServiceError| e.to_string();
    let root = leader.unit_id;
    // The province, its cities and five counties of each of four cities: the units whose
    // subtrees hold work (departments and the secretariat hold none in the seeded data).
    let below = |unit: UnitId, level: UnitLevel| async move {
        bench::children(ctx, unit)
            .await
            .map(|units| units.into_iter().filter(|u| u.level == level).map(|u| u.id).collect::<Vec<_>>())
            .map_err(|e| e.to_string())
    };
    let cities = below(root, UnitLevel::Municipal).await?;
    let mut units = vec![root];
    units.extend(cities.iter().copied());
    for city in cities.iter().take(4) {
        units.extend(below(*city, UnitLevel::County).await?.into_iter().take(5));
    }
    let tasks = bench::task_count(ctx).await.map_err(err)?;
    let directives: Vec<DirectiveId> = bench::some_directives(ctx, 20).await.map_err(err)?;

    // The counters must say what the plain count says, or the timings mean nothing.
    let horizon_check = rollups::unit(ctx, &leader, root, Narrowing::default()).await.map_err(err)?;
    let plain = bench::plain_group_by(ctx, &[root]).await.map_err(err)?;
    if plain.get(&root).copied().unwrap_or(0) != horizon_check.subtree.total {
        return Err(format!(
            "the counters say {} tasks under the province, a count says {:?}",
            horizon_check.subtree.total,
            plain.get(&root)
        ));
    }

    // The secretariat's desk counts the chains it heads: in the seeded data, every task.
    let desk_check = rollups::unit(ctx, &secretariat, secretariat.unit_id, Narrowing::default()).await.map_err(err)?;
    if desk_check.subtree.total != horizon_check.subtree.total {
        return Err(format!(
            "the secretariat's desk counts {} tasks, the province {}",
            desk_check.subtree.total, horizon_check.subtree.total
        ));
    }

    let budget = Duration::from_secs(60);
    let mut series = Vec::new();
    series.push(
        measure("dashboard, province (counters)", &[root], rounds, budget, |u| async move {
            rollups::unit(ctx, &leader, u, Narrowing::default()).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("dashboard, province (plain GROUP BY)", &[root], rounds, budget, |u| async move {
            let mut ids = vec![u];
            ids.extend(bench::children(ctx, u).await.map_err(err)?.into_iter().map(|c| c.id));
            bench::plain_group_by(ctx, &ids).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("dashboard, any unit (counters)", &units, rounds, budget, |u| async move {
            rollups::unit(ctx, &leader, u, Narrowing::default()).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("dashboard, any unit (plain GROUP BY)", &units, rounds, budget, |u| async move {
            let mut ids = vec![u];
            ids.extend(bench::children(ctx, u).await.map_err(err)?.into_iter().map(|c| c.id));
            bench::plain_group_by(ctx, &ids).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("dashboard for one directive (counters)", &directives, rounds, budget, |d| async move {
            let narrowing = Narrowing { directive_id: Some(d), category: None };
            rollups::unit(ctx, &leader, root, narrowing).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("ranking of the cities (counters)", &[root], rounds, budget, |u| async move {
            rollups::ranking(ctx, &leader, u, Narrowing::default()).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    let desk = secretariat.unit_id;
    series.push(
        measure(
            "secretariat's dashboard, what it issued (chains' counters)",
            &[desk],
            rounds,
            budget,
            |u| async move { rollups::unit(ctx, &secretariat, u, Narrowing::default()).await.map(|_| ()).map_err(err) },
        )
        .await?,
    );
    series.push(
        measure(
            "secretariat's desk, 20 directives by city (chains' counters)",
            &[desk],
            rounds,
            budget,
            |_| async move { rollups::issued(ctx, &secretariat, 1).await.map(|_| ()).map_err(err) },
        )
        .await?,
    );
    series.push(
        measure("secretariat's dashboard for one directive", &directives, rounds, budget, |d| async move {
            let narrowing = Narrowing { directive_id: Some(d), category: None };
            rollups::unit(ctx, &secretariat, desk, narrowing).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("secretariat's ranking of the cities", &[desk], rounds, budget, |u| async move {
            rollups::ranking(ctx, &secretariat, u, Narrowing::default()).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("directive rollup with its tree (451 tasks)", &directives, rounds, budget, |d| async move {
            rollups::directive(ctx, &secretariat, d).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    let list_rounds = rounds.min(100);
    series.push(
        measure("task list, province secretariat", &[secretariat], list_rounds, budget, |a| async move {
            queries::list(ctx, &a, TaskFilter::default(), 1, 50).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("task list, county officer", &[county], list_rounds, budget, |a| async move {
            queries::list(ctx, &a, TaskFilter::default(), 1, 50).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("inbox, province secretariat", &[secretariat], list_rounds, budget, |a| async move {
            queries::inbox(ctx, &a).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("inbox, county officer", &[county], list_rounds, budget, |a| async move {
            queries::inbox(ctx, &a).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("directive list, province secretariat", &[secretariat], list_rounds, budget, |a| async move {
            duban::services::meetings::list_directives(ctx, &a, None).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("directive list, county officer", &[county], list_rounds, budget, |a| async move {
            duban::services::meetings::list_directives(ctx, &a, None).await.map(|_| ()).map_err(err)
        })
        .await?,
    );
    series.push(
        measure("directive list, province leader", &[leader], list_rounds, budget, |a| async move {
            duban::services::meetings::list_directives(ctx, &a, None).await.map(|_| ()).map_err(err)
        })
        .await?,
    );

    let backend = format!("{:?}", ctx.db.get_database_backend());
    println!("\n{tasks} tasks, {} units sampled, {backend}\n", units.len());
    println!("| read | n | p50 ms | p95 ms |");
    println!("|---|---:|---:|---:|");
    for s in &series {
        println!("| {} | {} | {:.2} | {:.2} |", s.name, s.samples.len(), s.percentile(0.5), s.percentile(0.95));
    }
    let ratio = |a: usize, b: usize| series[b].percentile(0.95) / series[a].percentile(0.95).max(1e-9);
    println!("\nplain GROUP BY / counters at p95: province {:.0}×, any unit {:.0}×", ratio(0, 1), ratio(2, 3));
    Ok(())
}
