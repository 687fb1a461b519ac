//! `/confidentialite`: the privacy policy (GDPR): what is collected, why, for how long, and the
//! rights of the people concerned.

use super::legal::LegalPage;
use crate::public::static_html::StaticBlock;
use leptos::prelude::*;

const TITLE: &str = "Politique de confidentialité";

#[component]
pub fn PrivacyPolicy() -> impl IntoView {
    view! {
        <LegalPage
            title=TITLE
            description="Comment Prospecta traite les données de ses clients et des entreprises prospectées\u{a0}: sources, base légale, durée de conservation, droits et opposition."
            block=StaticBlock::Privacy
        />
    }
}

/// The page's content, rendered by the server only: the browser's bundle holds no legal text.
#[cfg(feature = "ssr")]
pub(in crate::public) fn content() -> impl IntoView {
    let intro = "Prospecta traite deux catégories de personnes\u{a0}: nos clients, qui utilisent le service, et les professionnels que nos clients prospectent. Cette page explique, pour chacune, quelles données nous traitons, d'où elles viennent, pourquoi, combien de temps, et comment exercer vos droits.";
    super::legal::content(
        "/confidentialite",
        TITLE,
        intro,
        view! {
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
        },
    )
}
