//! The legal pages: mentions légales, politique de confidentialité, conditions générales
//! d'utilisation. One layout, a readable prose column styled without a typography plugin.

use super::chrome::{PublicFooter, PublicHeader};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

const UPDATED: &str = "25/11/2026";

const LEGAL_PAGES: [(&str, &str); 3] =
    [("/mentions-legales", "Mentions légales"), ("/confidentialite", "Confidentialité"), ("/cgu", "CGU")];

/// The prose styles, applied to the descendants of the article (h2, h3, p, lists, links).
const PROSE: &str = "text-base leading-7 text-ink-700 \
    [&_h2]:mt-12 [&_h2]:scroll-mt-24 [&_h2]:border-t [&_h2]:border-ink-200 [&_h2]:pt-10 [&_h2]:text-xl [&_h2]:font-semibold [&_h2]:tracking-tight [&_h2]:text-ink-900 \
    [&_h2:first-child]:mt-0 [&_h2:first-child]:border-t-0 [&_h2:first-child]:pt-0 \
    [&_h3]:mt-8 [&_h3]:text-base [&_h3]:font-semibold [&_h3]:text-ink-900 \
    [&_p]:mt-4 [&_ul]:mt-4 [&_ul]:list-disc [&_ul]:space-y-2 [&_ul]:pl-6 [&_li]:pl-1 [&_li]:marker:text-brand-600 \
    [&_strong]:font-semibold [&_strong]:text-ink-900 \
    [&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline [&_a]:decoration-brand-300 [&_a]:underline-offset-4 [&_a:hover]:decoration-brand-700";

/// Header, title block with the date of the last update, the tabs between legal pages, the
/// prose column and the footer.
#[component]
fn LegalLayout(
    path: &'static str,
    title: &'static str,
    description: &'static str,
    intro: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <Title text=title/>
        <Meta name="description" content=description/>
        <div class="flex min-h-screen flex-col bg-white">
            <PublicHeader/>
            <main class="flex-1">
                <div class="border-b border-ink-200 bg-ink-50">
                    <div class="mx-auto max-w-3xl px-4 pb-10 pt-12 sm:px-6 sm:pt-16">
                        <p class="text-sm font-semibold uppercase tracking-widest text-brand-700">"Informations légales"</p>
                        <h1 class="mt-3 text-3xl font-semibold tracking-tight text-balance text-ink-950 sm:text-4xl">{title}</h1>
                        <p class="mt-4 text-lg leading-8 text-ink-600">{intro}</p>
                        <p class="mt-4 text-sm text-ink-500">{format!("Dernière mise à jour\u{a0}: {UPDATED}")}</p>
                        <nav aria-label="Pages légales" class="mt-8">
                            <ul class="flex flex-wrap gap-2">
                                {LEGAL_PAGES
                                    .into_iter()
                                    .map(|(href, label)| {
                                        let current = href == path;
                                        let look = if current {
                                            "bg-ink-900 text-white"
                                        } else {
                                            "bg-white text-ink-700 ring-1 ring-ink-200 hover:bg-ink-100 hover:text-ink-900"
                                        };
                                        view! {
                                            <li>
                                                <a
                                                    href=href
                                                    aria-current=current.then_some("page")
                                                    class=format!("inline-flex rounded-full px-3.5 py-1.5 text-sm font-medium transition-colors {look}")
                                                >
                                                    {label}
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </nav>
                    </div>
                </div>
                <article class=format!("mx-auto max-w-3xl px-4 py-12 sm:px-6 sm:py-16 {PROSE}")>{children()}</article>
            </main>
            <PublicFooter/>
        </div>
    }
    .into_any()
}

// ───────────────────────────── Mentions légales ─────────────────────────────

#[component]
pub fn LegalNotice() -> impl IntoView {
    view! {
        <LegalLayout
            path="/mentions-legales"
            title="Mentions légales"
            description="Mentions légales du site Prospecta\u{a0}: éditeur, directeur de la publication, hébergeur et contact."
            intro="Les informations ci-dessous sont publiées conformément à l'article 6 de la loi n° 2004-575 du 21 juin 2004 pour la confiance dans l'économie numérique."
        >
            <h2>"Éditeur du site"</h2>
            <p>
                "Le site et le service Prospecta sont édités par "
                <strong>"Prospecta SAS"</strong>
                ", société par actions simplifiée au capital de 10\u{a0}000\u{a0}€, immatriculée au RCS de Lyon (immatriculation en cours)."
            </p>
            <ul>
                <li><strong>"Siège social\u{a0}: "</strong>"12 rue de la République, 69002 Lyon, France"</li>
                <li><strong>"E-mail\u{a0}: "</strong>"contact@prospecta.fr"</li>
                <li><strong>"Numéro de TVA intracommunautaire\u{a0}: "</strong>"communiqué dès l'immatriculation de la société"</li>
            </ul>

            <h2>"Directeur de la publication"</h2>
            <p>
                "Le directeur de la publication est le président de Prospecta SAS, en sa qualité de représentant légal de la société. Il peut être joint à l'adresse du siège social ou par e-mail à contact@prospecta.fr."
            </p>

            <h2>"Hébergement"</h2>
            <p>"Le site, le service et l'ensemble des données sont hébergés en France par\u{a0}:"</p>
            <ul>
                <li><strong>"OVH SAS"</strong>", société par actions simplifiée"</li>
                <li>"2 rue Kellermann, 59100 Roubaix, France"</li>
                <li>"Centres de données situés en France"</li>
            </ul>

            <h2>"Nous contacter"</h2>
            <p>"Pour toute question sur le site ou sur le service, vous pouvez nous écrire\u{a0}:"</p>
            <ul>
                <li><strong>"Questions générales et commerciales\u{a0}: "</strong>"contact@prospecta.fr"</li>
                <li><strong>"Assistance aux clients\u{a0}: "</strong>"support@prospecta.fr"</li>
                <li><strong>"Données personnelles et opposition\u{a0}: "</strong>"dpo@prospecta.fr"</li>
                <li><strong>"Courrier\u{a0}: "</strong>"Prospecta SAS, 12 rue de la République, 69002 Lyon"</li>
            </ul>
            <p>"Nous répondons à chaque message dans un délai de deux jours ouvrés."</p>

            <h2>"Propriété intellectuelle"</h2>
            <p>
                "La marque Prospecta, le logo, les textes, les interfaces, le code et la structure du site sont la propriété de Prospecta SAS. Toute reproduction ou représentation, totale ou partielle, sans autorisation écrite préalable est interdite et constitue une contrefaçon sanctionnée par les articles L.335-2 et suivants du Code de la propriété intellectuelle."
            </p>
            <p>
                "Les bases de prospects constituées par Prospecta sont protégées par les articles L.341-1 et suivants du même code, au titre du droit du producteur de bases de données. Leur extraction ou leur réutilisation est interdite dans les conditions précisées par les "
                <a href="/cgu">"conditions générales d'utilisation"</a>
                "."
            </p>

            <h2>"Données personnelles"</h2>
            <p>
                "Le traitement des données personnelles des utilisateurs du service et des entreprises prospectées est décrit dans notre "
                <a href="/confidentialite">"politique de confidentialité"</a>
                ". Le site ne dépose aucun cookie publicitaire ni traceur tiers\u{a0}: seuls des cookies strictement nécessaires à son fonctionnement (session, sécurité) sont utilisés."
            </p>
        </LegalLayout>
    }
}

// ───────────────────────────── Politique de confidentialité ─────────────────────────────

#[component]
pub fn PrivacyPolicy() -> impl IntoView {
    view! {
        <LegalLayout
            path="/confidentialite"
            title="Politique de confidentialité"
            description="Comment Prospecta traite les données de ses clients et des entreprises prospectées\u{a0}: sources, base légale, durée de conservation, droits et opposition."
            intro="Prospecta traite deux catégories de personnes\u{a0}: nos clients, qui utilisent le service, et les professionnels que nos clients prospectent. Cette page explique, pour chacune, quelles données nous traitons, d'où elles viennent, pourquoi, combien de temps, et comment exercer vos droits."
        >
            <h2>"Responsable du traitement"</h2>
            <p>
                "Le responsable du traitement est "
                <strong>"Prospecta SAS"</strong>
                ", 12 rue de la République, 69002 Lyon, France. Pour toute question relative à vos données, notre délégué à la protection des données (DPO) est joignable à l'adresse dpo@prospecta.fr."
            </p>

            <h2>"Les données que nous traitons"</h2>
            <h3>"Pour nos clients"</h3>
            <ul>
                <li><strong>"Identité et coordonnées professionnelles\u{a0}: "</strong>"nom, prénom, fonction, e-mail, téléphone, entreprise, adresse, numéro SIRET."</li>
                <li><strong>"Compte\u{a0}: "</strong>"identifiants (le mot de passe n'est conservé que sous forme hachée), préférences, journaux de connexion."</li>
                <li><strong>"Profil commercial\u{a0}: "</strong>"les réponses au questionnaire d'activité, les messages de prospection, les consignes données à l'agent IA."</li>
                <li><strong>"Facturation\u{a0}: "</strong>"offre souscrite, factures, historique des paiements. Les coordonnées bancaires sont traitées par notre prestataire de paiement et ne sont jamais stockées par Prospecta."</li>
            </ul>
            <h3>"Pour les entreprises prospectées"</h3>
            <ul>
                <li><strong>"Données de l'entreprise\u{a0}: "</strong>"dénomination, numéros SIREN et SIRET, code d'activité (NAF), adresse, téléphone, site internet, adresse de son formulaire de contact."</li>
                <li><strong>"Coordonnées de contact\u{a0}: "</strong>"l'adresse e-mail professionnelle publiée par l'entreprise (le plus souvent générique, comme contact@), et le cas échéant le nom et la fonction d'un interlocuteur tels qu'ils sont publiés par l'entreprise elle-même."</li>
                <li><strong>"Échanges\u{a0}: "</strong>"le message déposé dans le formulaire, les e-mails échangés avec nos clients via le service, leur date et leur issue."</li>
            </ul>
            <p>
                "Nous ne traitons aucune donnée sensible, n'achetons aucun fichier et ne réalisons aucun profilage comportemental des personnes prospectées."
            </p>

            <h2>"D'où viennent les données des prospects"</h2>
            <p>"Les données des entreprises prospectées proviennent de sources publiques et professionnelles\u{a0}:"</p>
            <ul>
                <li><strong>"l'annuaire PagesJaunes"</strong>", pour la dénomination, l'adresse, le téléphone et, lorsqu'ils y figurent, le site internet et l'e-mail\u{a0};"</li>
                <li><strong>"les données publiques des entreprises"</strong>" diffusées par l'administration (base Sirene de l'Insee, via le service public recherche-entreprises), pour l'identification et l'activité\u{a0};"</li>
                <li><strong>"le site internet de l'entreprise"</strong>" (page de contact, mentions légales), pour l'e-mail, le téléphone et le formulaire de contact."</li>
            </ul>
            <p>"Un client peut aussi ajouter lui-même une entreprise à sa base\u{a0}: ces informations restent propres à ce client, et ses messages indiquent alors qu'elles ont été saisies par l'expéditeur."</p>
            <p>
                "Chaque information est enregistrée avec sa source, sa date de collecte et un indice de confiance. Les sources sont rappelées dans chaque message\u{a0}; l'ensemble est communiqué sur simple demande."
            </p>

            <h2>"Finalités et bases légales"</h2>
            <h3>"Données de nos clients"</h3>
            <ul>
                <li>"Création et gestion du compte, fourniture du service, assistance\u{a0}: exécution du contrat."</li>
                <li>"Facturation, comptabilité et conservation des factures\u{a0}: obligation légale."</li>
                <li>"Sécurité du service, prévention de la fraude et de l'extraction de données, amélioration du produit à partir de statistiques agrégées\u{a0}: intérêt légitime de Prospecta."</li>
            </ul>
            <h3>"Données des prospects"</h3>
            <p>
                "La constitution des bases et la prise de contact reposent sur "
                <strong>"l'intérêt légitime"</strong>
                " (article 6.1.f du RGPD) de nos clients et de Prospecta à développer leur activité par la prospection commerciale entre professionnels. Conformément aux recommandations de la CNIL, le message adressé est toujours en rapport avec l'activité professionnelle de l'entreprise contactée, l'expéditeur est clairement identifié et le destinataire peut s'y opposer simplement et gratuitement."
            </p>
            <p>
                "Pour préserver cet équilibre, une même entreprise n'est pas sollicitée plus d'une fois par période de sept jours via notre plateforme, tous clients confondus, et les sites qui indiquent refuser la sollicitation commerciale ne sont pas contactés."
            </p>

            <h2>"Information des personnes prospectées"</h2>
            <p>
                "Conformément à l'article 14 du RGPD, les personnes dont les données ont été collectées indirectement sont informées au plus tard lors du premier contact, et en tout état de cause dans un délai d'un mois. Chaque message envoyé via Prospecta indique, en français\u{a0}:"
            </p>
            <ul>
                <li>"l'identité de l'entreprise qui écrit et le fait que le message est envoyé via Prospecta\u{a0};"</li>
                <li>"la source des coordonnées utilisées (par exemple\u{a0}: «\u{a0}annuaire PagesJaunes, site internet de votre entreprise\u{a0}»)\u{a0};"</li>
                <li>"un lien permettant de s'opposer à toute nouvelle sollicitation, en un clic et sans justification\u{a0};"</li>
                <li>"un lien vers la présente politique."</li>
            </ul>

            <h2>"Durées de conservation"</h2>
            <ul>
                <li><strong>"Données des prospects\u{a0}: "</strong>"3 ans à compter de la dernière utilisation de l'entreprise\u{a0}: sa dernière collecte auprès d'une source, son dernier ajout ou déblocage dans la base d'un client, sa dernière inscription dans une campagne, le dernier message qui lui a été adressé ou sa dernière réponse. Passé 3 ans sans aucune de ces activités, ses données sont automatiquement supprimées (vérification quotidienne), à l'exception de l'empreinte conservée dans la liste repoussoir."</li>
                <li><strong>"Données du compte client\u{a0}: "</strong>"pendant toute la durée de l'abonnement, puis 3 ans après sa fin, à des fins de relation commerciale et de preuve."</li>
                <li><strong>"Factures et pièces comptables\u{a0}: "</strong>"10 ans, comme l'exige le Code de commerce."</li>
                <li><strong>"Journaux de connexion et de consultation\u{a0}: "</strong>"1 an."</li>
                <li><strong>"Liste repoussoir\u{a0}: "</strong>"les empreintes des personnes opposées sont conservées aussi longtemps que nécessaire pour garantir le respect de leur opposition, et au minimum 3 ans."</li>
            </ul>

            <h2>"Vos droits"</h2>
            <p>
                "Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation du traitement et d'opposition, ainsi que, pour les clients, d'un droit à la portabilité de vos données. Vous pouvez également définir des directives relatives au sort de vos données après votre décès."
            </p>
            <p>
                <strong>"Droit d'opposition à la prospection\u{a0}: "</strong>
                "vous pouvez vous opposer à tout moment, sans avoir à vous justifier, à ce que vos coordonnées soient utilisées à des fins de prospection. Le plus simple est de cliquer sur le lien d'opposition présent dans chaque message\u{a0}; vous pouvez aussi écrire à dpo@prospecta.fr. Votre opposition est prise en compte immédiatement, pour l'ensemble des clients de la plateforme."
            </p>
            <p>
                "Pour exercer vos autres droits, écrivez à dpo@prospecta.fr ou à Prospecta SAS, Délégué à la protection des données, 12 rue de la République, 69002 Lyon. Nous répondons dans un délai d'un mois. Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (cnil.fr)."
            </p>

            <h2>"La liste repoussoir"</h2>
            <p>
                "Lorsqu'une personne s'oppose à la prospection, son adresse e-mail, le numéro SIREN et le domaine du site de son entreprise sont transformés en une "
                <strong>"empreinte cryptographique irréversible"</strong>
                " (hachage) et ajoutés à notre liste repoussoir\u{a0}; ses autres données ne servent plus à aucune prise de contact et sont supprimées au terme de la durée de conservation ci-dessus. Avant chaque prise de contact, quel que soit le client, nous vérifions que le destinataire n'y figure pas."
            </p>
            <p>
                "Cette liste ne contient donc aucune coordonnée en clair\u{a0}: elle permet seulement de reconnaître une personne opposée, jamais de la recontacter ni d'exploiter ses données."
            </p>

            <h2>"Destinataires et sous-traitants"</h2>
            <p>
                "Les données des prospects ne sont ni vendues, ni louées, ni exportables\u{a0}: un client n'accède qu'aux fiches qu'il a débloquées, et uniquement dans le service. Nous faisons appel à des sous-traitants, liés par contrat conformément à l'article 28 du RGPD, pour\u{a0}:"
            </p>
            <ul>
                <li><strong>"l'hébergement"</strong>" du service et des données\u{a0}: OVH SAS, centres de données en France\u{a0};"</li>
                <li><strong>"le paiement"</strong>" (prélèvement SEPA et carte)\u{a0}: Mollie B.V., établissement de paiement situé aux Pays-Bas\u{a0};"</li>
                <li><strong>"l'envoi et la réception des e-mails"</strong>" échangés avec les prospects\u{a0};"</li>
                <li><strong>"les modèles d'intelligence artificielle"</strong>" utilisés pour l'enrichissement et l'agent conversationnel, sans réutilisation de vos données pour l'entraînement des modèles."</li>
            </ul>
            <p>
                "Nous privilégions des prestataires établis dans l'Union européenne. Si un transfert hors de l'Union devait avoir lieu, il serait encadré par les clauses contractuelles types de la Commission européenne. La liste à jour de nos sous-traitants est communiquée sur simple demande au DPO."
            </p>

            <h2>"Sécurité"</h2>
            <p>
                "Les échanges sont chiffrés (HTTPS), les mots de passe hachés, les accès aux données limités aux personnes habilitées et journalisés. La consultation des bases est plafonnée et surveillée pour empêcher toute extraction massive, et chaque affichage d'une coordonnée est tracé."
            </p>

            <h2>"Contacter notre DPO"</h2>
            <ul>
                <li><strong>"E-mail\u{a0}: "</strong>"dpo@prospecta.fr"</li>
                <li><strong>"Courrier\u{a0}: "</strong>"Prospecta SAS, Délégué à la protection des données, 12 rue de la République, 69002 Lyon"</li>
            </ul>
            <p>
                "Cette politique peut évoluer\u{a0}; la date de dernière mise à jour figure en haut de page. Les conditions d'utilisation du service sont décrites dans nos "
                <a href="/cgu">"conditions générales d'utilisation"</a>
                "."
            </p>
        </LegalLayout>
    }
}

// ───────────────────────────── CGU ─────────────────────────────

#[component]
pub fn TermsOfService() -> impl IntoView {
    view! {
        <LegalLayout
            path="/cgu"
            title="Conditions générales d'utilisation"
            description="Conditions générales d'utilisation du service Prospecta\u{a0}: compte, quotas, données, paiement, résiliation et responsabilité."
            intro="Les présentes conditions régissent l'utilisation du service Prospecta par ses clients professionnels. En créant un compte, vous les acceptez sans réserve."
        >
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
                " correspond à un premier contact effectivement envoyé à une entreprise (formulaire ou e-mail), ses relances comprises. "
                <strong>"Une prise de contact qui échoue"</strong>
                " (formulaire introuvable, CAPTCHA, erreur de validation, site indisponible) "
                <strong>"n'est pas décomptée"</strong>
                ", et sa raison est indiquée au Client."
            </p>
            <ul>
                <li>"L'essai gratuit s'ouvre une fois l'adresse e-mail du Client confirmée\u{a0}; il comprend un petit quota de chaque unité."</li>
                <li>"Le quota de prospects débloque en priorité les fiches les plus complètes de la base\u{a0}; le Client peut aussi choisir des fiches à la main. Les fiches non débloquées n'apparaissent que sous forme masquée. Une fiche débloquée le reste."</li>
                <li>"Les envois sont répartis sur les jours ouvrés de la période, afin de préserver la délivrabilité."</li>
                <li>"Les quotas inclus dans l'abonnement valent pour la période en cours et ne sont pas reportés sur la suivante. Des packs complémentaires, chacun pour un quota, peuvent être achetés\u{a0}; leurs conditions sont précisées lors de l'achat."</li>
                <li>"Chaque attribution et chaque consommation est inscrite, avec son unité, dans un relevé tenu par Prospecta et communiqué au Client sur simple demande."</li>
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
        </LegalLayout>
    }
}
