//! The landing page's sections, rendered by the server only ([`ServerHtml`]): static content,
//! so the browser's bundle need not build it.
//!
//! [`ServerHtml`]: crate::public::static_html::ServerHtml

use super::mock::ProductMock;
use crate::ui::{Badge, BadgeTone, ButtonLink, ButtonSize, ButtonVariant, Icon, IconName};
use leptos::prelude::*;

/// Hero with a product mock, key facts, how it works, features and compliance. The pricing
/// follows, drawn by the browser too (its offers are data, its slider interactive:
/// `crate::billing::PricingSection`), then [`closing_sections`].
pub(in crate::public) fn sections() -> impl IntoView {
    view! {
        <Hero/>
        <KeyFacts/>
        <HowItWorks/>
        <Features/>
        <Compliance/>
    }
}

/// The FAQ and a final call to action, after the pricing.
pub(in crate::public) fn closing_sections() -> impl IntoView {
    view! {
        <Faq/>
        <FinalCta/>
    }
}

/// The eyebrow, title and lead paragraph that open each section.
#[component]
fn SectionIntro(
    eyebrow: &'static str,
    title: &'static str,
    lead: &'static str,
    #[prop(optional)] dark: bool,
) -> impl IntoView {
    let (eyebrow_class, title_class, lead_class) = if dark {
        ("text-brand-300", "text-white", "text-brand-100")
    } else {
        ("text-brand-700", "text-ink-900", "text-ink-600")
    };
    view! {
        <div class="mx-auto max-w-2xl text-center">
            <p class=format!("text-sm font-semibold uppercase tracking-widest {eyebrow_class}")>{eyebrow}</p>
            <h2 class=format!("mt-3 text-3xl font-semibold tracking-tight text-balance sm:text-4xl {title_class}")>{title}</h2>
            <p class=format!("mt-4 text-lg leading-8 text-pretty {lead_class}")>{lead}</p>
        </div>
    }
}

// ───────────────────────────── Hero ─────────────────────────────

#[component]
fn Hero() -> impl IntoView {
    view! {
        <section class="relative isolate overflow-hidden" aria-labelledby="hero-titre">
            // Background: a soft brand glow and a faint grid, both decorative.
            <div
                class="absolute inset-0 -z-10 bg-[radial-gradient(60rem_30rem_at_50%_-5%,var(--color-brand-100),transparent_70%)]"
                aria-hidden="true"
            ></div>
            <div
                class="absolute inset-0 -z-10 bg-[linear-gradient(to_right,var(--color-ink-100)_1px,transparent_1px),linear-gradient(to_bottom,var(--color-ink-100)_1px,transparent_1px)] bg-[size:3.5rem_3.5rem] [mask-image:radial-gradient(ellipse_at_top,black_30%,transparent_75%)]"
                aria-hidden="true"
            ></div>

            <div class="mx-auto max-w-7xl px-4 pb-20 pt-16 sm:px-6 sm:pt-24 lg:px-8">
                <div class="mx-auto max-w-3xl text-center">
                    <a
                        href="#conformite"
                        class="inline-flex items-center gap-2 rounded-full bg-white/80 py-1 pl-1 pr-3 text-sm font-medium text-ink-700 shadow-card ring-1 ring-ink-200 transition hover:ring-brand-300"
                    >
                        <span class="rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white">"RGPD"</span>
                        "Prospection B2B conforme aux règles de la CNIL"
                        <Icon name=IconName::ArrowRight class="size-3.5 text-ink-500"/>
                    </a>
                    <h1
                        id="hero-titre"
                        class="mt-8 text-4xl font-semibold tracking-tight text-balance text-ink-950 sm:text-5xl lg:text-6xl"
                    >
                        "Votre prospection B2B, "
                        <span class="bg-linear-to-r from-brand-700 to-brand-500 bg-clip-text text-transparent">
                            "du premier contact au rendez-vous."
                        </span>
                    </h1>
                    <p class="mx-auto mt-6 max-w-2xl text-lg leading-8 text-pretty text-ink-600">
                        "Prospecta construit votre base de prospects à partir de PagesJaunes et des données publiques, contacte chaque entreprise via le formulaire de son site et vous montre, envoi par envoi, ce qui est parti et ce qui a répondu. Bientôt, son agent IA mènera les échanges jusqu'au rendez-vous."
                    </p>
                    <div class="mt-10 flex flex-col items-stretch justify-center gap-3 sm:flex-row sm:items-center">
                        <ButtonLink href="/inscription" size=ButtonSize::Large>
                            "Créer mon compte gratuitement"
                            <Icon name=IconName::ArrowRight class="size-4"/>
                        </ButtonLink>
                        <ButtonLink href="#comment" variant=ButtonVariant::Secondary size=ButtonSize::Large>
                            "Voir comment ça marche"
                        </ButtonLink>
                    </div>
                    <ul class="mt-8 flex flex-wrap items-center justify-center gap-x-6 gap-y-2 text-sm text-ink-600">
                        {["Sans engagement", "Prélèvement SEPA ou carte", "Données hébergées en France"]
                            .into_iter()
                            .map(|t| {
                                view! {
                                    <li class="inline-flex items-center gap-1.5">
                                        <Icon name=IconName::Check class="size-4 text-success-600"/>
                                        {t}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>

                <ProductMock/>
            </div>
        </section>
    }
    .into_any()
}

// ───────────────────────────── Key facts ─────────────────────────────

#[component]
fn KeyFacts() -> impl IntoView {
    let facts = [
        ("2 à 3", "variantes de message testées en A/B sur chaque campagne, la meilleure retenue automatiquement"),
        (
            "0 contact",
            "décompté quand un formulaire échoue\u{a0}: vous ne payez que les entreprises réellement contactées",
        ),
        ("7 jours", "minimum entre deux sollicitations d'une même entreprise, tous clients de la plateforme confondus"),
        ("100\u{a0}%", "des données hébergées en France, chaque information avec sa source et sa date de collecte"),
    ];
    view! {
        <section aria-label="Prospecta en chiffres" class="border-y border-ink-200 bg-ink-50">
            <ul class="mx-auto grid max-w-7xl grid-cols-2 gap-px bg-ink-200 lg:grid-cols-4">
                {facts
                    .into_iter()
                    .map(|(value, text)| {
                        view! {
                            <li class="bg-ink-50 px-4 py-6 sm:px-8 sm:py-8">
                                <p class="text-2xl font-semibold tracking-tight text-brand-700 sm:text-3xl">{value}</p>
                                <p class="mt-2 text-sm leading-6 text-ink-600">{text}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

// ───────────────────────────── How it works ─────────────────────────────

#[component]
fn HowItWorks() -> impl IntoView {
    view! {
        <section id="comment" class="scroll-mt-20 bg-white py-24 sm:py-32">
            <div class="mx-auto max-w-7xl px-4 sm:px-6 lg:px-8">
                <SectionIntro
                    eyebrow="Comment ça marche"
                    title="Trois étapes, et votre prospection tourne toute seule"
                    lead="Vous décrivez qui vous voulez rencontrer. Prospecta s'occupe du reste, et vous garde la main à chaque étape."
                />
                <ol class="mt-16 grid gap-6 lg:grid-cols-3">
                    <Step
                        number="1"
                        title="Décrivez votre cible"
                        text="Un secteur d'activité et une zone géographique suffisent\u{a0}: «\u{a0}plombiers\u{a0}» autour de Lyon, «\u{a0}agences immobilières\u{a0}» en Gironde. Avant de valider, vous voyez un aperçu masqué du nombre d'entreprises trouvées."
                    >
                        <div class="space-y-2.5">
                            <MockField icon=IconName::Target label="Secteur d'activité" value="Plombier chauffagiste · NAF 43.22A"/>
                            <MockField icon=IconName::MapPin label="Zone" value="Lyon (69) + 20 km"/>
                            <div class="flex items-center justify-between rounded-lg bg-brand-50 px-3 py-2 text-xs">
                                <span class="font-medium text-brand-800">"Aperçu\u{a0}: 412 entreprises"</span>
                                <span class="font-mono text-brand-700">"06 •• •• •• ••"</span>
                            </div>
                        </div>
                    </Step>
                    <Step
                        number="2"
                        title="Nous construisons, enrichissons, contactons"
                        text="Nous collectons les entreprises sur PagesJaunes et dans les données publiques, puis retrouvons et vérifions site web, e-mail et téléphone. Chaque entreprise est ensuite contactée via le formulaire de son propre site, avec votre message."
                    >
                        <div class="divide-y divide-ink-100 rounded-lg ring-1 ring-ink-200">
                            <MockRow name="Durand Chauffage" status="Envoyé le 18/11/2026" tone="text-success-700"/>
                            <MockRow name="Plomberie Martin & Fils" status="Envoyé le 18/11/2026" tone="text-success-700"/>
                            <MockRow name="Thermi'Services" status="CAPTCHA · non décompté" tone="text-warning-800"/>
                        </div>
                    </Step>
                    <Step
                        number="3"
                        title="Bientôt\u{a0}: l'agent IA mène les échanges jusqu'au rendez-vous"
                        text="En préparation\u{a0}: notre agent qualifiera chaque réponse reçue par e-mail, répondra dans votre ton, lèvera les objections et proposera un créneau. D'ici là, les réponses arrivent dans votre boîte et vous les notez sur la page de la campagne."
                    >
                        <div class="space-y-2 text-xs leading-5">
                            <p class="mr-8 rounded-lg rounded-tl-sm bg-ink-100 px-3 py-2 text-ink-800">
                                "Bonjour, votre offre nous intéresse. Vous pourriez nous en dire plus\u{a0}?"
                            </p>
                            <p class="ml-8 rounded-lg rounded-tr-sm bg-brand-600 px-3 py-2 text-white">
                                "Bien sûr\u{a0}! Le plus simple est d'en parler 20 minutes\u{a0}: jeudi 14 h 30, cela vous convient\u{a0}?"
                            </p>
                            <div class="flex justify-end pt-1">
                                <Badge tone=BadgeTone::Success>"Rendez-vous fixé"</Badge>
                            </div>
                        </div>
                    </Step>
                </ol>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Step(number: &'static str, title: &'static str, text: &'static str, children: Children) -> impl IntoView {
    view! {
        <li class="relative flex min-w-0 flex-col rounded-2xl bg-white p-6 shadow-card ring-1 ring-ink-200 sm:p-8">
            <div class="flex items-center gap-3">
                <span class="grid size-9 place-items-center rounded-full bg-brand-600 text-sm font-semibold text-white shadow-sm">
                    <span class="sr-only">"Étape "</span>
                    {number}
                </span>
                <span class="h-px flex-1 bg-linear-to-r from-brand-200 to-transparent" aria-hidden="true"></span>
            </div>
            <h3 class="mt-6 text-lg font-semibold text-ink-900">{title}</h3>
            <p class="mt-3 flex-1 text-sm leading-6 text-ink-600">{text}</p>
            <div class="mt-8 rounded-xl bg-ink-50 p-4 ring-1 ring-ink-100" aria-hidden="true">
                {children()}
            </div>
        </li>
    }
    .into_any()
}

#[component]
fn MockField(icon: IconName, label: &'static str, value: &'static str) -> impl IntoView {
    view! {
        <div class="rounded-lg bg-white px-3 py-2 ring-1 ring-ink-200">
            <p class="text-[11px] font-medium text-ink-500">{label}</p>
            <p class="mt-0.5 flex items-center gap-1.5 text-sm font-medium text-ink-900">
                <Icon name=icon class="size-3.5 shrink-0 text-brand-600"/>
                <span class="truncate">{value}</span>
            </p>
        </div>
    }
}

#[component]
fn MockRow(name: &'static str, status: &'static str, tone: &'static str) -> impl IntoView {
    view! {
        <div class="bg-white px-3 py-2 text-xs first:rounded-t-lg last:rounded-b-lg">
            <p class="truncate font-medium text-ink-900">{name}</p>
            <p class=format!("mt-0.5 font-medium {tone}")>{status}</p>
        </div>
    }
}

// ───────────────────────────── Features ─────────────────────────────

#[component]
fn Features() -> impl IntoView {
    let features = [
        (
            IconName::Database,
            "Bases de prospects qualifiées",
            "Par secteur et par zone, construites à partir de l'annuaire PagesJaunes et des données publiques des entreprises. Une base par cible, filtrable et triable.",
            ["Autocomplétion NAF et communes", "Les fiches les plus complètes d'abord"],
        ),
        (
            IconName::CheckCircle,
            "Enrichissement vérifié",
            "Site web, e-mail et téléphone retrouvés en explorant les sites, l'IA n'intervenant qu'en dernier recours. Les mauvais sites et les e-mails douteux sont écartés.",
            ["Source, date et indice de confiance", "Données rafraîchies tous les 90 jours"],
        ),
        (
            IconName::Form,
            "Prise de contact par formulaire",
            "Votre message est déposé dans le formulaire de contact du site de chaque entreprise, avec vos coordonnées, au rythme des jours ouvrés.",
            ["Statut daté pour chaque prospect", "Échec expliqué, rien de décompté"],
        ),
        (
            IconName::Split,
            "Tests A/B",
            "Mettez deux ou trois variantes de message en concurrence. La plus performante est retenue automatiquement pour la suite de la campagne.",
            ["Résultats par variante, en direct", "Lecture, pause et relances automatiques"],
        ),
        (
            IconName::Chat,
            "Agent conversationnel",
            "Il classe chaque réponse (intéressé, question, objection, pas maintenant…), répond dans votre ton et vous consulte quand il ne sait pas.",
            ["Vos corrections retenues et versionnées", "Compte rendu avant chaque appel"],
        ),
        (
            IconName::Chart,
            "Tableau de bord ROI",
            "Contactés, réponses, rendez-vous, contrats signés\u{a0}: suivez, à la minute près, ce que chaque campagne, chaque variante et chaque offre vous rapportent face à ce que vous payez.",
            ["Entonnoir et tendances en graphiques", "Coût par rendez-vous et par contrat"],
        ),
    ];
    view! {
        <section id="fonctionnalites" class="scroll-mt-20 bg-ink-50 py-24 sm:py-32">
            <div class="mx-auto max-w-7xl px-4 sm:px-6 lg:px-8">
                <SectionIntro
                    eyebrow="Fonctionnalités"
                    title="Tout le cycle de prospection, dans un seul outil"
                    lead="De la constitution de la base jusqu'au contrat signé, chaque étape est automatisée, mesurée et visible."
                />
                <div class="mt-16 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
                    {features
                        .into_iter()
                        .map(|(icon, title, text, points)| {
                            view! {
                                <article class="group relative flex flex-col rounded-2xl bg-white p-6 shadow-card ring-1 ring-ink-200 transition hover:-translate-y-0.5 hover:shadow-lg hover:ring-brand-200 motion-reduce:transition-none motion-reduce:hover:translate-y-0 sm:p-7">
                                    <span class="grid size-11 place-items-center rounded-xl bg-brand-50 text-brand-700 ring-1 ring-brand-100 transition-colors group-hover:bg-brand-600 group-hover:text-white">
                                        <Icon name=icon class="size-5"/>
                                    </span>
                                    <h3 class="mt-5 text-base font-semibold text-ink-900">{title}</h3>
                                    <p class="mt-2 flex-1 text-sm leading-6 text-ink-600">{text}</p>
                                    <ul class="mt-5 space-y-2 border-t border-ink-100 pt-5">
                                        {points
                                            .into_iter()
                                            .map(|p| {
                                                view! {
                                                    <li class="flex items-start gap-2 text-sm text-ink-700">
                                                        <Icon name=IconName::Check class="mt-0.5 size-4 shrink-0 text-brand-600"/>
                                                        {p}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </article>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
        </section>
    }
    .into_any()
}

// ───────────────────────────── Compliance ─────────────────────────────

#[component]
fn Compliance() -> impl IntoView {
    let points = [
        (
            IconName::Eye,
            "Information des prospects",
            "Chaque message indique qui écrit, d'où proviennent les coordonnées (annuaire PagesJaunes, site internet de l'entreprise…) et comment s'opposer, en français, dès le premier contact.",
        ),
        (
            IconName::Ban,
            "Droit d'opposition",
            "Un lien de désinscription simple et gratuit dans chaque message. L'opposition est prise en compte immédiatement, pour l'ensemble des clients de la plateforme.",
        ),
        (
            IconName::Hash,
            "Liste repoussoir",
            "Les e-mails, SIREN et domaines des personnes opposées sont conservés uniquement sous forme hachée\u{a0}: ils ne sont plus jamais contactés, sans pouvoir être réutilisés.",
        ),
        (
            IconName::Server,
            "Données hébergées en France",
            "Serveurs situés en France, accès tracés, aucune revente ni export des bases. Les données d'une entreprise inutilisées depuis 3 ans sont supprimées automatiquement.",
        ),
    ];
    view! {
        <section id="conformite" class="relative isolate scroll-mt-20 overflow-hidden bg-brand-950 py-24 sm:py-32">
            <div
                class="absolute inset-0 -z-10 bg-[radial-gradient(45rem_25rem_at_15%_0%,var(--color-brand-800),transparent_70%)]"
                aria-hidden="true"
            ></div>
            <div class="mx-auto grid max-w-7xl gap-16 px-4 sm:px-6 lg:grid-cols-[1fr_1.3fr] lg:px-8">
                <div>
                    <p class="inline-flex items-center gap-2 text-sm font-semibold uppercase tracking-widest text-brand-300">
                        <Icon name=IconName::Shield class="size-4"/>
                        "RGPD et CNIL"
                    </p>
                    <h2 class="mt-3 text-3xl font-semibold tracking-tight text-balance text-white sm:text-4xl">
                        "Une prospection respectueuse, par construction"
                    </h2>
                    <p class="mt-5 text-lg leading-8 text-brand-100">
                        "En B2B, la prospection sans consentement préalable est autorisée si le message concerne l'activité professionnelle du destinataire, si l'expéditeur est identifié et si chacun peut s'y opposer simplement. Prospecta applique ces règles à chaque envoi, sans que vous ayez à y penser."
                    </p>
                    <p class="mt-5 text-base leading-7 text-brand-100">
                        "Les sites qui refusent explicitement la sollicitation commerciale ne sont pas contactés, et une même entreprise n'est jamais sollicitée plus d'une fois par semaine via notre plateforme."
                    </p>
                    <a
                        href="/confidentialite"
                        class="mt-8 inline-flex items-center gap-2 rounded text-sm font-semibold text-white underline decoration-brand-400 underline-offset-4 hover:decoration-white focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-white"
                    >
                        "Lire notre politique de confidentialité"
                        <Icon name=IconName::ArrowRight class="size-4"/>
                    </a>
                </div>
                <div class="grid gap-4 sm:grid-cols-2">
                    {points
                        .into_iter()
                        .map(|(icon, title, text)| {
                            view! {
                                <div class="rounded-2xl bg-white/5 p-6 ring-1 ring-white/10">
                                    <span class="grid size-10 place-items-center rounded-lg bg-brand-600/30 text-brand-200 ring-1 ring-brand-400/30">
                                        <Icon name=icon class="size-5"/>
                                    </span>
                                    <h3 class="mt-5 text-base font-semibold text-white">{title}</h3>
                                    <p class="mt-2 text-sm leading-6 text-ink-300">{text}</p>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
        </section>
    }
    .into_any()
}

// ───────────────────────────── FAQ ─────────────────────────────

const FAQ: [(&str, &str); 6] = [
    (
        "Le démarchage B2B par formulaire de contact est-il légal\u{a0}?",
        "Oui. En France, la prospection entre professionnels est autorisée sans consentement préalable dès lors que le message est en rapport avec l'activité professionnelle du destinataire, que l'expéditeur est clairement identifié et que le destinataire peut s'opposer simplement et gratuitement. Chaque message envoyé via Prospecta indique qui écrit, d'où proviennent les coordonnées et comment s'opposer. Les sites qui refusent explicitement la sollicitation commerciale ne sont pas contactés, et l'opposition d'un prospect vaut pour tous nos clients.",
    ),
    (
        "D'où viennent les données des prospects\u{a0}?",
        "De sources publiques et professionnelles\u{a0}: l'annuaire PagesJaunes, les données publiques des entreprises (base Sirene, via le service public recherche-entreprises) et les sites internet des entreprises elles-mêmes, ainsi que des lignes que vous ajoutez vous-même à vos bases. Chaque information conserve sa source, sa date de collecte et un indice de confiance. Nous ne collectons aucune donnée sensible et ne faisons aucun profilage comportemental.",
    ),
    (
        "Que se passe-t-il si un formulaire ne peut pas être envoyé\u{a0}?",
        "Formulaire introuvable, CAPTCHA, erreur de validation ou site indisponible\u{a0}: la raison exacte s'affiche sur la fiche du prospect et rien n'est décompté de votre quota d'entreprises contactées. Les échecs temporaires sont automatiquement retentés plus tard. Vous ne payez que les contacts réellement envoyés.",
    ),
    (
        "Puis-je exporter ma base de prospects\u{a0}?",
        "Non, et c'est volontaire. Vos bases se consultent, se filtrent et se trient dans Prospecta, où se déroulent aussi les prises de contact, les relances et les conversations. Sans export, les données restent fiables et protégées contre les fuites, et nous pouvons garantir à chaque prospect que son opposition sera respectée\u{a0}: une donnée exportée échapperait à la liste repoussoir.",
    ),
    (
        "Combien de temps avant mes premiers rendez-vous\u{a0}?",
        "Configurer votre compte, votre cible et votre message prend généralement moins d'une heure. Les premiers formulaires partent dès la validation de votre campagne, puis les envois sont répartis sur les jours ouvrés du mois pour préserver la délivrabilité. Les premières réponses arrivent en général dans les jours qui suivent et les premiers rendez-vous dans les premières semaines\u{a0}; le rythme dépend de votre secteur, de votre offre et de votre message.",
    ),
    (
        "Comment résilier mon abonnement\u{a0}?",
        "En quelques clics depuis votre espace client. L'abonnement est sans engagement\u{a0}: la résiliation prend effet à la fin de la période en cours, déjà payée, et aucun prélèvement n'a lieu ensuite. Vos bases et vos conversations restent accessibles jusqu'à cette date.",
    ),
];

#[component]
fn Faq() -> impl IntoView {
    view! {
        <section id="faq" class="scroll-mt-20 border-t border-ink-200 bg-ink-50 py-24 sm:py-32">
            <div class="mx-auto grid max-w-7xl gap-12 px-4 sm:px-6 lg:grid-cols-[1fr_2fr] lg:gap-16 lg:px-8">
                <div>
                    <p class="text-sm font-semibold uppercase tracking-widest text-brand-700">"FAQ"</p>
                    <h2 class="mt-3 text-3xl font-semibold tracking-tight text-balance text-ink-900 sm:text-4xl">
                        "Vos questions, nos réponses"
                    </h2>
                    <p class="mt-4 text-lg leading-8 text-ink-600">
                        "Ce que nos futurs clients nous demandent le plus souvent avant de se lancer."
                    </p>
                    <div class="mt-8 hidden lg:block">
                        <ButtonLink href="/inscription" variant=ButtonVariant::Secondary>
                            "Créer mon compte"
                            <Icon name=IconName::ArrowRight class="size-4"/>
                        </ButtonLink>
                    </div>
                </div>
                <div class="space-y-3">
                    {FAQ
                        .into_iter()
                        .map(|(question, answer)| {
                            view! {
                                <details class="group rounded-xl bg-white shadow-card ring-1 ring-ink-200 open:ring-brand-200">
                                    <summary class="flex cursor-pointer list-none items-start justify-between gap-4 rounded-xl px-5 py-4 text-left text-base font-medium text-ink-900 hover:text-brand-700 sm:px-6 [&::-webkit-details-marker]:hidden">
                                        <span>{question}</span>
                                        <span class="mt-0.5 grid size-6 shrink-0 place-items-center rounded-full bg-ink-100 text-ink-600 transition group-open:rotate-45 group-open:bg-brand-600 group-open:text-white motion-reduce:transition-none">
                                            <Icon name=IconName::Plus class="size-4"/>
                                        </span>
                                    </summary>
                                    <p class="px-5 pb-5 text-sm leading-7 text-ink-600 sm:px-6 sm:text-base">{answer}</p>
                                </details>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
        </section>
    }
    .into_any()
}

// ───────────────────────────── Final call to action ─────────────────────────────

#[component]
fn FinalCta() -> impl IntoView {
    view! {
        <section aria-labelledby="cta-titre" class="bg-ink-50 px-4 pb-24 sm:px-6 sm:pb-32 lg:px-8">
            <div class="relative isolate mx-auto max-w-6xl overflow-hidden rounded-3xl bg-brand-700 px-6 py-16 text-center shadow-2xl shadow-brand-900/20 sm:px-16 sm:py-20">
                <div
                    class="absolute inset-0 -z-10 bg-[radial-gradient(40rem_20rem_at_50%_0%,var(--color-brand-500),transparent_70%)]"
                    aria-hidden="true"
                ></div>
                <div
                    class="absolute -bottom-24 -right-24 -z-10 size-72 rounded-full border-[3rem] border-white/5"
                    aria-hidden="true"
                ></div>
                <h2 id="cta-titre" class="mx-auto max-w-2xl text-3xl font-semibold tracking-tight text-balance text-white sm:text-4xl">
                    "Vos prochains clients sont "
                    <span class="whitespace-nowrap">"peut-être"</span>
                    " à 20 km. "
                    <span class="whitespace-nowrap">"Contactez-les"</span>
                    " dès cette semaine."
                </h2>
                <p class="mx-auto mt-5 max-w-xl text-lg leading-8 text-brand-100">
                    "Créez votre compte, décrivez votre cible et validez votre premier message\u{a0}: Prospecta s'occupe du reste."
                </p>
                <div class="mt-10 flex flex-col items-stretch justify-center gap-3 sm:flex-row sm:items-center">
                    <ButtonLink href="/inscription" variant=ButtonVariant::Secondary size=ButtonSize::Large>
                        "Créer mon compte gratuitement"
                        <Icon name=IconName::ArrowRight class="size-4"/>
                    </ButtonLink>
                    <a
                        href="#tarifs"
                        class="inline-flex items-center justify-center rounded-lg px-6 py-3 text-base font-semibold text-white ring-1 ring-inset ring-white/30 transition-colors hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
                    >
                        "Voir les tarifs"
                    </a>
                </div>
                <p class="mt-6 text-sm text-brand-100">"Sans engagement · Prélèvement SEPA ou carte · Hébergé en France"</p>
            </div>
        </section>
    }
    .into_any()
}
