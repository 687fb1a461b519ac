//! `/cgu`: the terms of service.

use super::legal::LegalPage;
use crate::public::static_html::StaticBlock;
use leptos::prelude::*;

const TITLE: &str = "Conditions générales d'utilisation";

#[component]
pub fn TermsOfService() -> impl IntoView {
    view! {
        <LegalPage
            title=TITLE
            description="Conditions générales d'utilisation du service Prospecta\u{a0}: compte, quotas, données, paiement, résiliation et responsabilité."
            block=StaticBlock::Terms
        />
    }
}

/// The page's content, rendered by the server only: the browser's bundle holds no legal text.
#[cfg(feature = "ssr")]
pub(in crate::public) fn content() -> impl IntoView {
    let intro = "Les présentes conditions régissent l'utilisation du service Prospecta par ses clients professionnels. En créant un compte, vous les acceptez sans réserve.";
    super::legal::content(
        "/cgu",
        TITLE,
        intro,
        view! {
            <h2>"1. Objet"</h2>
            <p>
                "Prospecta SAS («\u{a0}Prospecta\u{a0}») fournit un service en ligne de prospection commerciale entre professionnels\u{a0}: constitution et enrichissement de bases d'entreprises par secteur d'activité et zone géographique, prise de contact via les formulaires des sites internet de ces entreprises, échanges menés par un agent conversationnel et tableau de bord des résultats (le «\u{a0}Service\u{a0}»). Les présentes conditions générales d'utilisation («\u{a0}CGU\u{a0}») définissent les conditions dans lesquelles le client (le «\u{a0}Client\u{a0}») accède au Service et l'utilise."
            </p>

            <h2>"2. Accès au Service et compte"</h2>
            <p>
                "Le Service est réservé aux professionnels agissant pour les besoins de leur activité. Le Client crée un compte en fournissant des informations exactes et à jour sur lui-même et sur son entreprise, qu'il s'engage à maintenir à jour."
            </p>
            <p>
                "Les identifiants sont personnels et confidentiels. Le Client est responsable de leur conservation et de toute utilisation de son compte\u{a0}; il informe Prospecta sans délai de toute utilisation non autorisée."
            </p>

            <h2>"3. Quotas"</h2>
            <p>
                "Chaque abonnement inclut des quotas mensuels distincts, chacun dans son unité\u{a0}: "
                <strong>"1 prospect débloqué"</strong>
                " correspond à une fiche d'une base de prospects ouverte en clair\u{a0}; "
                <strong>"1 entreprise contactée"</strong>
                " correspond à un premier contact effectivement envoyé à une entreprise (formulaire ou e-mail), ses relances comprises\u{a0}; "
                <strong>"1 réponse de l'agent envoyée"</strong>
                " correspond à un e-mail de l'agent IA effectivement parti vers un prospect, validé par le Client ou envoyé seul\u{a0}; un brouillon jamais envoyé n'est pas décompté. "
                <strong>"Une prise de contact qui échoue"</strong>
                " (formulaire introuvable, CAPTCHA, erreur de validation, site indisponible) "
                <strong>"n'est pas décomptée"</strong>
                ", et sa raison est indiquée au Client."
            </p>
            <ul>
                <li>"L'essai gratuit s'ouvre une fois l'adresse e-mail du Client confirmée\u{a0}; il comprend un petit quota de chaque unité."</li>
                <li>"Le quota de prospects débloque en priorité les fiches les plus complètes de la base\u{a0}; le Client peut aussi choisir des fiches à la main. Les fiches non débloquées n'apparaissent que sous forme masquée. Une fiche débloquée le reste."</li>
                <li>"Les envois sont répartis sur les jours ouvrés de la période, afin de préserver la délivrabilité."</li>
                <li>"Ce qui n'est pas utilisé d'une période reste acquis et s'ajoute à la suivante tant que l'abonnement est en cours\u{a0}; le rythme des envois le répartit sur les jours ouvrés qui restent. Des packs complémentaires, chacun pour un quota, peuvent être achetés\u{a0}; leurs conditions sont précisées lors de l'achat."</li>
                <li>"Chaque attribution et chaque consommation est inscrite, avec son unité, dans un relevé par période que le Client consulte à tout moment dans «\u{a0}Factures\u{a0}» et télécharge en PDF."</li>
            </ul>

            <h2>"4. Utilisation du Service et contenu des messages"</h2>
            <p>
                "Le Client est l'auteur des messages envoyés en son nom et en reste responsable. Il s'engage à ce qu'ils soient loyaux, en rapport avec l'activité professionnelle des entreprises contactées, et exempts de tout contenu illicite, trompeur ou dénigrant. Prospecta ajoute automatiquement à chaque message les mentions obligatoires\u{a0}: identité de l'expéditeur, source des données et moyen de s'opposer."
            </p>
            <p>
                "L'agent conversationnel agit selon le profil et les consignes fournis par le Client. Lorsqu'il ne dispose pas d'une information, il interroge le Client avant de répondre. Le Client s'engage à vérifier les engagements pris en son nom et peut corriger l'agent à tout moment."
            </p>
            <p>
                "Prospecta peut suspendre une campagne dont le contenu ou le volume de plaintes est manifestement contraire à la loi ou aux présentes CGU, après en avoir informé le Client."
            </p>

            <h2>"5. Données des bases de prospects"</h2>
            <p>
                "Les bases de prospects sont constituées et enrichies par Prospecta, qui en est le producteur au sens des articles L.341-1 et suivants du Code de la propriété intellectuelle. Le Client bénéficie d'un droit d'utilisation personnel, non exclusif et non cessible, "
                <strong>"limité à l'usage du Service"</strong>
                ", pendant la durée de son abonnement."
            </p>
            <p>"Sont strictement interdits\u{a0}:"</p>
            <ul>
                <li>"l'extraction ou la réutilisation de tout ou partie d'une base, par quelque moyen que ce soit (copie, capture, saisie, robot, script, extraction automatisée)\u{a0};"</li>
                <li>"la revente, la location, la cession ou la mise à disposition des données à un tiers, à titre gratuit ou onéreux\u{a0};"</li>
                <li>"l'utilisation des données en dehors du Service, notamment pour contacter des personnes opposées à la prospection\u{a0};"</li>
                <li>"le contournement des limites de consultation ou des mesures de protection du Service."</li>
            </ul>
            <p>
                "Le Service n'offre aucune fonction d'export. Les consultations sont plafonnées, journalisées et surveillées, et les bases contiennent des enregistrements de contrôle permettant de retracer l'origine d'une fuite. Tout manquement entraîne la suspension immédiate du compte, la résiliation de l'abonnement sans remboursement et peut donner lieu à des poursuites et à des dommages et intérêts."
            </p>

            <h2>"6. Prix et paiement"</h2>
            <p>
                "Les prix des offres sont indiqués en euros hors taxes, la TVA applicable étant facturée en sus. L'abonnement est payable mensuellement et d'avance, par prélèvement SEPA ou par carte bancaire, via notre prestataire de paiement. Les factures sont disponibles dans l'espace client."
            </p>
            <p>
                "En cas d'échec de paiement, le Client est informé et de nouvelles tentatives ont lieu pendant un délai de grâce de 7 jours\u{a0}; au-delà, le Service est suspendu. Dès la régularisation, les contacts restant dus sur la période sont répartis sur les jours restants\u{a0}: rien n'est perdu."
            </p>
            <p>
                "Conformément à l'article L.441-10 du Code de commerce, tout retard de paiement entraîne de plein droit des pénalités égales à trois fois le taux d'intérêt légal et une indemnité forfaitaire pour frais de recouvrement de 40\u{a0}€."
            </p>

            <h2>"7. Durée et résiliation"</h2>
            <p>
                "L'abonnement est "
                <strong>"sans engagement"</strong>
                " et se renouvelle chaque mois. Le Client peut le résilier à tout moment depuis son espace client\u{a0}; la résiliation prend effet à la fin de la période en cours, qui reste due et n'est pas remboursée au prorata. Aucun prélèvement n'a lieu ensuite."
            </p>
            <p>
                "Prospecta peut résilier l'abonnement en cas de manquement grave du Client aux présentes CGU, notamment à l'article 5, après mise en demeure restée sans effet pendant 8 jours, ou sans délai en cas d'extraction de données. À la fin de l'abonnement, l'accès aux bases prend fin et les données sont traitées conformément à notre "
                <a href="/confidentialite">"politique de confidentialité"</a>
                "."
            </p>

            <h2>"8. Disponibilité et responsabilité"</h2>
            <p>
                "Prospecta met en œuvre les moyens raisonnables pour assurer la disponibilité et la qualité du Service, dans le cadre d'une obligation de moyens. Des interruptions peuvent avoir lieu pour maintenance, annoncées à l'avance dans la mesure du possible."
            </p>
            <p>
                "Les résultats commerciaux dépendent de nombreux facteurs extérieurs au Service (offre, secteur, message, disponibilité des prospects)\u{a0}: Prospecta ne garantit aucun nombre de réponses, de rendez-vous ou de contrats. Sa responsabilité ne peut être engagée que pour les dommages directs et prouvés, dans la limite des sommes versées par le Client au cours des douze mois précédant le fait générateur. Aucune des parties n'est responsable d'un manquement dû à un cas de force majeure."
            </p>

            <h2>"9. Données personnelles"</h2>
            <p>
                "Chaque partie respecte les obligations qui lui incombent au titre du RGPD et de la loi Informatique et Libertés. Les traitements réalisés par Prospecta sont décrits dans sa "
                <a href="/confidentialite">"politique de confidentialité"</a>
                ". Le Client s'interdit de recontacter par d'autres moyens une personne qui s'est opposée à la prospection via le Service."
            </p>

            <h2>"10. Modification des CGU"</h2>
            <p>
                "Prospecta peut faire évoluer les présentes CGU. Le Client est informé de toute modification substantielle au moins 30 jours avant son entrée en vigueur et peut, s'il la refuse, résilier son abonnement avant cette date."
            </p>

            <h2>"11. Droit applicable et litiges"</h2>
            <p>
                "Les présentes CGU sont soumises au droit français. En cas de différend, les parties recherchent d'abord une solution amiable. À défaut d'accord dans un délai de 30 jours, tout litige relatif à leur formation, leur interprétation ou leur exécution est soumis à la compétence exclusive du tribunal de commerce de Lyon."
            </p>
            <p>
                "Pour toute question sur ces conditions\u{a0}: contact@prospecta.fr. Voir aussi nos "
                <a href="/mentions-legales">"mentions légales"</a>
                "."
            </p>
        },
    )
}
