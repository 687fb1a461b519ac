//! `/mentions-legales`: the publisher, the host and who to contact.

use super::legal::LegalPage;
use crate::public::static_html::StaticBlock;
use leptos::prelude::*;

const TITLE: &str = "Mentions légales";

#[component]
pub fn LegalNotice() -> impl IntoView {
    view! {
        <LegalPage
            title=TITLE
            description="Mentions légales du site Prospecta\u{a0}: éditeur, directeur de la publication, hébergeur et contact."
            block=StaticBlock::LegalNotice
        />
    }
}

/// The page's content, rendered by the server only: the browser's bundle holds no legal text.
#[cfg(feature = "ssr")]
pub(in crate::public) fn content() -> impl IntoView {
    let intro = "Les informations ci-dessous sont publiées conformément à l'article 6 de la loi n° 2004-575 du 21 juin 2004 pour la confiance dans l'économie numérique.";
    super::legal::content(
        "/mentions-legales",
        TITLE,
        intro,
        view! {
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
        },
    )
}
