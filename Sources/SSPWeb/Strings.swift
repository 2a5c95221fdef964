import Foundation
import SSPCore

/// Every text of the portal in Dutch, French and English: one entry per key, the three languages
/// side by side so a missing translation is seen where it is written (and `PortalTests` fails on an
/// empty one, or on a template key without an entry). `{n}` is a number filled in by the handler.
enum Strings {
    static let table: [String: (nl: String, fr: String, en: String)] = [
        // Layout
        "app_name": ("Single Service Point", "Single Service Point", "Single Service Point"),
        "org_name": ("Gewestelijke Overheidsdienst Brussel", "Service public régional de Bruxelles", "Brussels Regional Public Service"),
        "skip_link": ("Naar de inhoud", "Aller au contenu", "Skip to content"),
        "nav_label": ("Hoofdmenu", "Menu principal", "Main menu"),
        "nav_home": ("Start", "Accueil", "Home"),
        "nav_requests": ("Mijn aanvragen", "Mes demandes", "My requests"),
        "nav_approvals": ("Goed te keuren", "À approuver", "To approve"),
        "sign_out": ("Afmelden", "Se déconnecter", "Sign out"),
        "signed_in_as": ("Aangemeld als", "Connecté en tant que", "Signed in as"),
        "language_label": ("Taal", "Langue", "Language"),
        "footer_counter": (
            "SSP-balie, Iris Tower, gelijkvloers: maandag tot vrijdag van 8 tot 17 uur.",
            "Guichet SSP, Iris Tower, rez-de-chaussée : du lundi au vendredi de 8 à 17 heures.",
            "SSP counter, Iris Tower, ground floor: Monday to Friday, 8:00 to 17:00."
        ),
        "print": ("Afdrukken", "Imprimer", "Print"),
        // Sign-in
        "signin_title": ("Aanmelden", "Connexion", "Sign in"),
        "signin_intro": (
            "Meld u aan met uw e-mailadres en wachtwoord van de GOB.", "Connectez-vous avec votre adresse e-mail et votre mot de passe du SPRB.",
            "Sign in with your e-mail address and password."
        ),
        "email": ("E-mailadres", "Adresse e-mail", "E-mail address"),
        "password": ("Wachtwoord", "Mot de passe", "Password"),
        "signin_button": ("Aanmelden", "Se connecter", "Sign in"),
        "signin_invalid": ("E-mailadres of wachtwoord onjuist.", "Adresse e-mail ou mot de passe incorrect.", "E-mail address or password incorrect."),
        "signin_throttled": (
            "Te veel mislukte pogingen. Probeer opnieuw over {n} seconden.", "Trop de tentatives échouées. Réessayez dans {n} secondes.",
            "Too many failed attempts. Try again in {n} seconds."
        ),
        "signed_out": ("U bent afgemeld.", "Vous êtes déconnecté.", "You are signed out."),
        // First password
        "first_password_title": ("Kies uw wachtwoord", "Choisissez votre mot de passe", "Choose your password"),
        "first_password_intro": ("Uw account voor het SSP-portaal:", "Votre compte pour le portail SSP :", "Your account for the SSP portal:"),
        "new_password": ("Nieuw wachtwoord", "Nouveau mot de passe", "New password"),
        "password_hint": ("Minstens {n} tekens; een zin werkt goed.", "Au moins {n} caractères ; une phrase convient bien.", "At least {n} characters; a sentence works well."),
        "confirm_password": ("Herhaal het wachtwoord", "Répétez le mot de passe", "Repeat the password"),
        "set_password_button": ("Wachtwoord instellen", "Définir le mot de passe", "Set password"),
        "password_set": ("Uw wachtwoord is ingesteld. Meld u aan.", "Votre mot de passe est défini. Connectez-vous.", "Your password is set. Please sign in."),
        "err_password_short": ("Minstens {n} tekens.", "Au moins {n} caractères.", "At least {n} characters."),
        "err_password_mismatch": ("De twee wachtwoorden verschillen.", "Les deux mots de passe diffèrent.", "The two passwords differ."),
        "link_invalid": (
            "Deze link is ongeldig, al gebruikt of verlopen. Vraag een nieuwe aan de SSP-balie.",
            "Ce lien n'est pas valable, a déjà servi ou a expiré. Demandez-en un nouveau au guichet SSP.",
            "This link is invalid, used or expired. Ask the SSP counter for a new one."
        ),
        // Home and catalogue
        "home_title": ("Waarmee kunnen we u helpen?", "Comment pouvons-nous vous aider ?", "How can we help you?"),
        "search_label": ("Zoek een dienst", "Rechercher un service", "Search for a service"),
        "search_button": ("Zoeken", "Rechercher", "Search"),
        "search_results": ("Gevonden diensten", "Services trouvés", "Services found"),
        "search_none": (
            "Probeer andere woorden, stel uw vraag aan een directie of kom naar de SSP-balie.",
            "Essayez d'autres mots, posez votre question à une direction ou passez au guichet SSP.",
            "Try other words, ask a directorate or come to the SSP counter."
        ),
        "counter_search_none": (
            "Geen dienst gevonden. Probeer andere woorden of kies de algemene dienst van een directie.",
            "Aucun service trouvé. Essayez d'autres mots ou choisissez le service général d'une direction.",
            "No service found. Try other words or pick a directorate's general service."
        ),
        "search_none_title": ("Geen dienst gevonden", "Aucun service trouvé", "No service found"),
        "search_fallback_title": ("Vraag het aan een directie", "Demandez à une direction", "Ask a directorate"),
        "search_counter_intro": (
            "Of kom langs of bel: de balie dient uw aanvraag voor u in.",
            "Ou passez ou appelez : le guichet introduit votre demande pour vous.",
            "Or come by or call: the counter files your request for you."
        ),
        "browse_title": ("Alle diensten per directie", "Tous les services par direction", "All services by directorate"),
        "services_count": ("{n} diensten", "{n} services", "{n} services"),
        "my_open_requests": ("Mijn lopende aanvragen", "Mes demandes en cours", "My open requests"),
        "no_open_requests": ("U hebt geen lopende aanvragen.", "Vous n'avez aucune demande en cours.", "You have no open requests."),
        "all_my_requests": ("Al mijn aanvragen", "Toutes mes demandes", "All my requests"),
        "today_booking": ("Mijn werkplek vandaag", "Mon poste de travail aujourd'hui", "My desk today"),
        "no_booking_today": ("Geen werkplek gereserveerd voor vandaag.", "Aucun poste réservé pour aujourd'hui.", "No desk booked for today."),
        "slot_day": ("hele dag", "toute la journée", "all day"),
        "slot_morning": ("voormiddag", "matin", "morning"),
        "slot_afternoon": ("namiddag", "après-midi", "afternoon"),
        "checked_in": ("ingecheckt", "enregistré", "checked in"),
        "request_this": ("Aanvragen", "Demander", "Request"),
        "approval_needed": (
            "Voor deze dienst is de goedkeuring van uw leidinggevende nodig. Uw aanvraag gaat eerst naar hem of haar; pas na goedkeuring gaat de directie aan de slag en lopen de termijnen.",
            "Ce service nécessite l'approbation de votre responsable. Votre demande lui est d'abord envoyée ; la direction ne la traite et les délais ne courent qu'après approbation.",
            "This service needs your line manager's approval. Your request goes to them first; the directorate starts, and the deadlines run, only once it is approved."
        ),
        // Request form
        "form_intro": ("Vul het formulier in. Velden met * zijn verplicht.", "Remplissez le formulaire. Les champs marqués * sont obligatoires.", "Fill in the form. Fields marked * are required."),
        "subject": ("Onderwerp", "Objet", "Subject"),
        "description": ("Beschrijving", "Description", "Description"),
        "description_hint": ("Wat moeten we nog weten? (optioneel)", "Que devons-nous encore savoir ? (facultatif)", "Anything else we should know? (optional)"),
        "required_mark": ("verplicht", "obligatoire", "required"),
        "yes": ("Ja", "Oui", "Yes"),
        "no": ("Nee", "Non", "No"),
        "choose": ("Kies…", "Choisissez…", "Choose…"),
        "date_hint": ("Datum, bv. 2026-06-03", "Date, p. ex. 2026-06-03", "Date, e.g. 2026-06-03"),
        "submit_request": ("Aanvraag indienen", "Envoyer la demande", "Submit request"),
        "errors_title": ("Controleer de volgende velden", "Vérifiez les champs suivants", "Please check these fields"),
        "err_required": ("Dit veld is verplicht.", "Ce champ est obligatoire.", "This field is required."),
        // bcrypt reads 72 bytes: a letter with an accent takes two of them.
        "err_password_long": (
            "Te lang: hoogstens {n} tekens, waarbij een letter met een accent dubbel telt.",
            "Trop long : {n} caractères au maximum, une lettre accentuée comptant double.",
            "Too long: at most {n} characters, a letter with an accent counting twice."
        ),
        "err_too_long": ("Hoogstens {n} tekens.", "{n} caractères au maximum.", "At most {n} characters."),
        "err_single_line": ("Eén regel tekst.", "Une seule ligne de texte.", "A single line of text."),
        "err_not_option": ("Kies een van de mogelijkheden.", "Choisissez une des possibilités.", "Choose one of the options."),
        "err_not_date": ("Geef een datum in (JJJJ-MM-DD).", "Indiquez une date (AAAA-MM-JJ).", "Enter a date (YYYY-MM-DD)."),
        "err_not_number": ("Geef een getal in.", "Indiquez un nombre.", "Enter a number."),
        "err_form_expired": (
            "Het formulier kon niet veilig worden verzonden. Controleer uw invoer en verzend opnieuw.",
            "Le formulaire n'a pas pu être envoyé de manière sûre. Vérifiez votre saisie et envoyez-le à nouveau.",
            "The form could not be sent safely. Check what you typed and send it again."
        ),
        // Requests
        "requests_title": ("Mijn aanvragen", "Mes demandes", "My requests"),
        "filter_label": ("Toon", "Afficher", "Show"),
        "filter_open": ("Lopend", "En cours", "Open"),
        "filter_all": ("Alle", "Toutes", "All"),
        "filter_button": ("Toepassen", "Appliquer", "Apply"),
        "col_number": ("Nummer", "Numéro", "Number"),
        "col_subject": ("Onderwerp", "Objet", "Subject"),
        "col_service": ("Dienst", "Service", "Service"),
        "col_status": ("Status", "Statut", "Status"),
        "col_due": ("Opgelost uiterlijk", "Résolu au plus tard", "Resolved by"),
        "col_filed": ("Ingediend", "Introduite", "Filed"),
        "no_requests": ("Geen aanvragen.", "Aucune demande.", "No requests."),
        "cancel_confirm": ("Ja, annuleer deze aanvraag", "Oui, annuler cette demande", "Yes, cancel this request"),
        "cancel_confirm_missing": (
            "Vink ‘Ja, annuleer deze aanvraag’ aan om te annuleren: dat kan niet ongedaan gemaakt worden.",
            "Cochez « Oui, annuler cette demande » pour l'annuler : c'est définitif.",
            "Tick ‘Yes, cancel this request’ to cancel it: this cannot be undone."
        ),
        "requests_search_label": ("Zoeken", "Rechercher", "Search"),
        "requests_search_hint": (
            "Woorden of een nummer (SSP-2026-000123); print* vindt ook printer.",
            "Des mots ou un numéro (SSP-2026-000123) ; imprim* trouve aussi imprimante.",
            "Words or a number (SSP-2026-000123); print* also finds printer."
        ),
        "requests_search_none": ("Geen aanvragen gevonden voor ‘{q}’.", "Aucune demande trouvée pour « {q} ».", "No requests found for “{q}”."),
        "requests_search_found": ("Aanvragen met ‘{q}’", "Demandes contenant « {q} »", "Requests matching “{q}”"),
        "requests_search_clear": ("Alle aanvragen tonen", "Afficher toutes les demandes", "Show all requests"),
        "channel_counter": ("aan de SSP-balie", "au guichet SSP", "at the SSP counter"),
        "channel_phone": ("telefonisch", "par téléphone", "by phone"),
        "channel_portal": ("via het portaal", "via le portail", "through the portal"),
        "channel_email": ("per e-mail", "par e-mail", "by e-mail"),
        "channel_api": ("via de API", "via l'API", "through the API"),
        "more": ("Meer", "Plus", "More"),
        // Ticket
        "filed_notice": (
            "Uw aanvraag is geregistreerd. Bewaar het nummer voor uw contacten met de SSP.",
            "Votre demande est enregistrée. Conservez le numéro pour vos contacts avec le SSP.",
            "Your request is registered. Keep its number for your contacts with the SSP."
        ),
        "status": ("Status", "Statut", "Status"),
        "filed_on": ("Ingediend op", "Introduite le", "Filed on"),
        "filed_how": ("Ingediend", "Introduite", "Filed"),
        "due_response": ("Eerste antwoord uiterlijk", "Première réponse au plus tard", "First response by"),
        "due_resolution": ("Opgelost uiterlijk", "Résolu au plus tard", "Resolved by"),
        "due_after_approval": ("na goedkeuring", "après approbation", "after approval"),
        "answers": ("Antwoorden op het formulier", "Réponses au formulaire", "Form answers"),
        "rejection_reason": ("Reden van de weigering", "Motif du refus", "Reason for the rejection"),
        "conversation": ("Berichten", "Messages", "Messages"),
        "no_messages": ("Nog geen berichten.", "Pas encore de messages.", "No messages yet."),
        "reply_label": ("Uw bericht", "Votre message", "Your message"),
        "reply_button": ("Bericht versturen", "Envoyer le message", "Send message"),
        "actions": ("Acties", "Actions", "Actions"),
        "action_cancel": ("Aanvraag annuleren", "Annuler la demande", "Cancel request"),
        "action_confirm": ("Bevestigen dat het opgelost is", "Confirmer la résolution", "Confirm it is solved"),
        "action_reopen": ("Heropenen: het is niet opgelost", "Rouvrir : ce n'est pas résolu", "Reopen: it is not solved"),
        "action_approve": ("Goedkeuren", "Approuver", "Approve"),
        "action_reject": ("Weigeren", "Refuser", "Reject"),
        "reject_reason": ("Reden van weigering", "Motif du refus", "Reason for rejecting"),
        "requester": ("Aanvrager", "Demandeur", "Requester"),
        "filed_by": ("Ingediend door", "Introduite par", "Filed by"),
        "you": ("u", "vous", "you"),
        "service_desk": ("de directie", "la direction", "the directorate"),
        // Status labels
        "status_awaiting_approval": ("Wacht op goedkeuring", "En attente d'approbation", "Awaiting approval"),
        "status_new": ("Nieuw", "Nouvelle", "New"),
        "status_assigned": ("Toegewezen", "Attribuée", "Assigned"),
        "status_in_progress": ("In behandeling", "En cours de traitement", "In progress"),
        "status_waiting_on_requester": ("Wacht op uw antwoord", "En attente de votre réponse", "Waiting for your reply"),
        "status_resolved": ("Opgelost", "Résolue", "Resolved"),
        "status_closed": ("Afgesloten", "Clôturée", "Closed"),
        "status_cancelled": ("Geannuleerd", "Annulée", "Cancelled"),
        // Approvals
        "approvals_title": ("Aanvragen die op uw goedkeuring wachten", "Demandes en attente de votre approbation", "Requests awaiting your approval"),
        "approvals_none": ("Geen aanvragen wachten op uw goedkeuring.", "Aucune demande n'attend votre approbation.", "No requests await your approval."),
        "approval_for": ("namens", "pour", "for"),
        // The SSP counter
        "nav_counter": ("Balie", "Guichet", "Counter"),
        "counter_title": ("SSP-balie: aanvraag voor een collega", "Guichet SSP : demande pour un collègue", "SSP counter: a request for a colleague"),
        "counter_search_label": (
            "Zoek een personeelslid (naam, e-mail of bestuur)", "Rechercher un membre du personnel (nom, e-mail ou administration)",
            "Find a staff member (name, e-mail or administration)"
        ),
        "counter_none": ("Niemand gevonden.", "Personne trouvé.", "Nobody found."),
        "counter_for": ("Aanvraag voor", "Demande pour", "Request for"),
        "counter_filed_by_you": (
            "Lopende aanvragen die u voor deze persoon indiende", "Demandes en cours que vous avez introduites pour cette personne",
            "Open requests you filed for this person"
        ),
        "counter_choose_service": ("Kies de dienst", "Choisissez le service", "Choose the service"),
        "channel_label": ("Hoe komt de aanvraag binnen?", "Comment la demande arrive-t-elle ?", "How does the request come in?"),
        "channel_counter_option": ("Aan de balie", "Au guichet", "At the counter"),
        "channel_phone_option": ("Telefonisch", "Par téléphone", "By phone"),
        "receipt_title": ("Ontvangstbewijs", "Accusé de réception", "Receipt"),
        "receipt_text": (
            "Uw aanvraag werd aan de SSP-balie geregistreerd. U volgt ze op via ‘Mijn aanvragen’ op het portaal.",
            "Votre demande a été enregistrée au guichet SSP. Vous la suivez via « Mes demandes » sur le portail.",
            "Your request was registered at the SSP counter. Follow it under ‘My requests’ on the portal."
        ),
        "new_request_for": ("Nieuwe aanvraag voor deze persoon", "Nouvelle demande pour cette personne", "New request for this person"),
        // Desks
        "nav_desks": ("Werkplekken", "Postes de travail", "Desks"),
        "desk_none": ("Er zijn nog geen werkplekken om te reserveren.", "Il n'y a pas encore de postes à réserver.", "There are no desks to book yet."),
        "desks_title": ("Een werkplek reserveren", "Réserver un poste de travail", "Book a desk"),
        "desk_date": ("Datum", "Date", "Date"),
        "desk_slot": ("Wanneer", "Quand", "When"),
        "desk_zone": ("Zone", "Zone", "Zone"),
        "desk_all_zones": ("Mijn zones", "Mes zones", "My zones"),
        "desk_show": ("Toon de vrije plaatsen", "Afficher les places libres", "Show free desks"),
        "desk_floor": ("Verdieping {n}", "Étage {n}", "Floor {n}"),
        "desk_free": ("vrij", "libre", "free"),
        "desk_taken": ("bezet", "occupé", "taken"),
        "desk_out_of_service": ("buiten gebruik", "hors service", "out of service"),
        "desk_fixed": ("vaste plaats", "poste attitré", "assigned desk"),
        "desk_day_past": ("Die dag is voorbij: kies een andere.", "Ce jour est passé : choisissez-en un autre.", "That day is over: choose another."),
        "desk_day_beyond": ("U kunt reserveren tot en met {date}.", "Vous pouvez réserver jusqu'au {date} inclus.", "You can book up to {date}."),
        "desk_day_closed": (
            "Het gebouw is gesloten op die dag: kies een andere.", "Le bâtiment est fermé ce jour-là : choisissez-en un autre.",
            "The building is closed that day: choose another."
        ),
        "desk_day_deadline": (
            "Reserveren kan niet meer voor dit moment (inchecken tot {t}). Zit u aan een vrije werkplek? Check in met de QR-code op het bureau.",
            "Il n'est plus possible de réserver pour ce moment (enregistrement jusqu'à {t}). Vous êtes à un poste libre ? Enregistrez-vous avec le code QR du bureau.",
            "Booking has closed for this time (check-in until {t}). At a free desk? Check in with the QR code on it."
        ),
        "desk_book": ("Reserveer", "Réserver", "Book"),
        "desk_book_any": ("Eender welke vrije plaats in deze zone", "N'importe quelle place libre dans cette zone", "Any free desk in this zone"),
        "desk_free_count": ("{n} vrij", "{n} libres", "{n} free"),
        "desk_booked": ("Gereserveerd: werkplek", "Réservé : poste", "Booked: desk"),
        "my_bookings": ("Mijn reservaties", "Mes réservations", "My bookings"),
        "no_bookings": ("Geen reservaties in de komende weken.", "Aucune réservation dans les semaines à venir.", "No bookings in the coming weeks."),
        "desk_check_in": ("Inchecken", "S'enregistrer", "Check in"),
        "desk_cancel": ("Annuleren", "Annuler", "Cancel"),
        "desk_cancel_range": ("Meerdere dagen annuleren:", "Annuler plusieurs jours :", "Cancel several days:"),
        "desk_from": ("Van", "Du", "From"),
        "desk_to": ("Tot en met", "Au", "To"),
        "desk_cancelled_n": ("{n} reservatie(s) geannuleerd.", "{n} réservation(s) annulée(s).", "{n} booking(s) cancelled."),
        "state_booked": ("gereserveerd", "réservé", "booked"),
        "state_checked_in": ("ingecheckt", "enregistré", "checked in"),
        "state_no_show": ("niet opgedaagd", "non présenté", "no-show"),
        "state_cancelled": ("geannuleerd", "annulé", "cancelled"),
        "desk_link_title": ("Werkplek {desk}", "Poste {desk}", "Desk {desk}"),
        "desk_link_text": ("Zit u aan deze werkplek? Check in om hem te houden.", "Vous êtes à ce poste ? Enregistrez-vous pour le garder.", "Sitting at this desk? Check in to keep it."),
        "desk_checked_in": ("U bent ingecheckt aan werkplek {desk}.", "Vous êtes enregistré au poste {desk}.", "You are checked in at desk {desk}."),
        "desk_err_taken": ("Deze werkplek is intussen gereserveerd. Kies een andere.", "Ce poste vient d'être réservé. Choisissez-en un autre.", "This desk has just been booked. Choose another."),
        "desk_err_already": ("U hebt al een werkplek voor dit moment.", "Vous avez déjà un poste pour ce moment.", "You already have a desk for this time."),
        "desk_err_none_free": ("Geen vrije werkplek meer in deze zone.", "Plus aucun poste libre dans cette zone.", "No free desk left in this zone."),
        "desk_err_not_open": ("Inchecken kan vanaf {t}.", "L'enregistrement est possible à partir de {t}.", "Check-in opens at {t}."),
        "desk_err_closed": (
            "Inchecken kon tot {t}; de reservatie is vervallen.", "L'enregistrement était possible jusqu'à {t} ; la réservation a expiré.", "Check-in closed at {t}; the booking lapsed."
        ),
        "desk_err_final": ("Deze reservatie is niet meer actief.", "Cette réservation n'est plus active.", "This booking is no longer active."),
        "desk_err_unavailable": ("Deze werkplek kan nu niet gereserveerd worden.", "Ce poste ne peut pas être réservé maintenant.", "This desk cannot be booked now."),
        // Satisfaction survey
        "survey_title": ("Uw mening over uw aanvraag", "Votre avis sur votre demande", "Your opinion on your request"),
        "survey_link": ("Geef uw mening over de afhandeling", "Donnez votre avis sur le traitement", "Give your opinion on how it was handled"),
        "survey_question": (
            "Hoe tevreden bent u over de afhandeling van uw aanvraag?", "Êtes-vous satisfait du traitement de votre demande ?",
            "How satisfied are you with how your request was handled?"
        ),
        "score_1": ("zeer ontevreden", "très insatisfait", "very dissatisfied"),
        "score_2": ("ontevreden", "insatisfait", "dissatisfied"),
        "score_3": ("neutraal", "neutre", "neutral"),
        "score_4": ("tevreden", "satisfait", "satisfied"),
        "score_5": ("zeer tevreden", "très satisfait", "very satisfied"),
        "survey_comment": ("Wat kunnen we beter doen? (optioneel)", "Que pouvons-nous améliorer ? (facultatif)", "What could we do better? (optional)"),
        "survey_submit": ("Mijn mening versturen", "Envoyer mon avis", "Send my opinion"),
        "survey_thanks_title": ("Dank u", "Merci", "Thank you"),
        "survey_thanks": (
            "Uw mening is geregistreerd. Ze helpt de directies hun dienstverlening te verbeteren.",
            "Votre avis est enregistré. Il aide les directions à améliorer leurs services.",
            "Your opinion is recorded. It helps the directorates improve their services."
        ),
        "survey_answered": ("Deze enquête werd al beantwoord. Dank u.", "Cette enquête a déjà reçu une réponse. Merci.", "This survey has already been answered. Thank you."),
        "survey_expired": ("De termijn om deze enquête te beantwoorden is verstreken.", "Le délai pour répondre à cette enquête est dépassé.", "The time to answer this survey has passed."),
        "err_score": ("Kies een score van 1 tot 5.", "Choisissez une note de 1 à 5.", "Choose a score from 1 to 5."),
        // The agents' queue, search and workspace (issue 13)
        "nav_queue": ("Wachtrij", "File d'attente", "Queue"),
        "queue_title": ("Wachtrij", "File d'attente", "Queue"),
        "search_tickets_title": ("Tickets zoeken", "Rechercher des tickets", "Search tickets"),
        "search_tickets_label": ("Zoek in tickets", "Rechercher dans les tickets", "Search tickets"),
        "search_tickets_hint": (
            "Een nummer (SSP-2026-000123), woorden uit onderwerp, beschrijving, antwoorden of berichten; woord* zoekt op het begin.",
            "Un numéro (SSP-2026-000123), des mots de l'objet, de la description, des réponses ou des messages ; mot* cherche le début.",
            "A number (SSP-2026-000123), words of the subject, description, answers or messages; word* searches the start."
        ),
        "backlog_title": ("Openstaande tickets", "Tickets ouverts", "Open tickets"),
        "backlog_open": ("open", "ouverts", "open"),
        "backlog_unassigned": ("niet toegewezen", "non attribués", "unassigned"),
        "backlog_at_risk": ("SLA in gevaar", "SLA menacé", "SLA at risk"),
        "backlog_breached": ("SLA overschreden", "SLA dépassé", "SLA breached"),
        "col_directorate": ("Directie", "Direction", "Directorate"),
        "col_priority": ("Prioriteit", "Priorité", "Priority"),
        "col_assignee": ("Behandelaar", "Responsable", "Assignee"),
        "col_sla": ("SLA", "SLA", "SLA"),
        "queue_all_open": ("Alle open", "Tous les ouverts", "All open"),
        "queue_any": ("Alle", "Tous", "Any"),
        "queue_anyone": ("Iedereen", "Tout le monde", "Anyone"),
        "queue_mine": ("Mijn tickets", "Mes tickets", "Mine"),
        "queue_unassigned": ("Niet toegewezen", "Non attribués", "Unassigned"),
        "queue_nobody": ("Niemand", "Personne", "Nobody"),
        "queue_empty": ("Geen open tickets met deze filters.", "Aucun ticket ouvert avec ces filtres.", "No open tickets with these filters."),
        "queue_keys_hint": (
            "Toetsen: j volgende, k vorige, Enter opent het ticket.", "Touches : j suivant, k précédent, Entrée ouvre le ticket.",
            "Keys: j next, k previous, Enter opens the ticket."
        ),
        "confidential": ("vertrouwelijk", "confidentiel", "confidential"),
        "sla_running": ("Loopt", "En cours", "Running"),
        "sla_at_risk": ("In gevaar", "Menacé", "At risk"),
        "sla_breached": ("Overschreden", "Dépassé", "Breached"),
        "sla_paused": ("Gepauzeerd", "En pause", "Paused"),
        "sla_met": ("Gehaald", "Respecté", "Met"),
        "sla_clock_response": ("eerste reactie", "première réponse", "first response"),
        "sla_clock_resolution": ("oplossing", "résolution", "resolution"),
        "sla_left": ("nog {time} werktijd", "encore {time} de temps ouvré", "{time} of business time left"),
        "sla_over": ("{time} werktijd over de termijn", "{time} de temps ouvré au-delà du délai", "{time} of business time over"),
        "sla_paused_left": ("gepauzeerd, nog {time} werktijd", "en pause, encore {time} de temps ouvré", "paused, {time} of business time left"),
        "sla_met_text": ("binnen de termijn", "dans le délai", "within target"),
        "minutes_short": ("{n} min", "{n} min", "{n} min"),
        "hours_short": ("{n} u", "{n} h", "{n} h"),
        "status_agent_waiting_on_requester": ("Wacht op de aanvrager", "En attente du demandeur", "Waiting on the requester"),
        "ticket_facts": ("Gegevens", "Données", "Facts"),
        "impact_label": ("Impact", "Impact", "Impact"),
        "urgency_label": ("Urgentie", "Urgence", "Urgency"),
        "impact_high": ("hoog", "élevé", "high"),
        "impact_medium": ("gemiddeld", "moyen", "medium"),
        "impact_low": ("laag", "faible", "low"),
        "urgency_high": ("hoog", "élevée", "high"),
        "urgency_medium": ("gemiddeld", "moyenne", "medium"),
        "urgency_low": ("laag", "faible", "low"),
        "language_nl": ("Nederlands", "néerlandais", "Dutch"),
        "language_fr": ("Frans", "français", "French"),
        "language_en": ("Engels", "anglais", "English"),
        "sla_clocks": ("SLA-klokken", "Horloges SLA", "SLA clocks"),
        "sla_clock": ("Klok", "Horloge", "Clock"),
        "sla_used_target": ("Gebruikt / termijn", "Utilisé / délai", "Used / target"),
        "requester_other_open": ("Andere open tickets van deze aanvrager:", "Autres tickets ouverts de ce demandeur :", "This requester's other open tickets:"),
        "assign_title": ("Toewijzen", "Attribuer", "Assign"),
        "assign_me": ("Aan mij toewijzen", "M'attribuer", "Assign to me"),
        "assign_to": ("Toewijzen aan", "Attribuer à", "Assign to"),
        "assign_button": ("Toewijzen", "Attribuer", "Assign"),
        "action_start": ("Behandeling starten", "Commencer le traitement", "Start work"),
        "action_ask_requester": ("Vraag aan de aanvrager (pauzeert de SLA)", "Question au demandeur (met le SLA en pause)", "Ask the requester (pauses the SLA)"),
        "action_resolve": ("Oplossen", "Résoudre", "Resolve"),
        "priority_title": ("Prioriteit wijzigen", "Modifier la priorité", "Change priority"),
        "priority_hint": (
            "De prioriteit volgt uit impact × urgentie; de SLA-termijnen worden opnieuw berekend.",
            "La priorité découle de l'impact × l'urgence ; les délais SLA sont recalculés.",
            "The priority follows from impact × urgency; the SLA targets are recalculated."
        ),
        "priority_button": ("Prioriteit opslaan", "Enregistrer la priorité", "Save priority"),
        "message_label": ("Bericht", "Message", "Message"),
        "visibility_label": ("Wie ziet dit bericht?", "Qui voit ce message ?", "Who sees this message?"),
        "visibility_reply": ("Antwoord: de aanvrager en de directie", "Réponse : le demandeur et la direction", "Reply: the requester and the directorate"),
        "visibility_note": ("Interne nota: alleen de directie", "Note interne : la direction seulement", "Internal note: the directorate only"),
        "send_button": ("Versturen", "Envoyer", "Send"),
        "note_label": ("Interne nota", "Note interne", "Internal note"),
        "history_title": ("Geschiedenis", "Historique", "History"),
        "system_actor": ("het systeem", "le système", "the system"),
        "history_filed": ("ingediend ({to})", "introduite ({to})", "filed ({to})"),
        "history_status": ("status {from} → {to}", "statut {from} → {to}", "status {from} → {to}"),
        "history_assigned": ("toegewezen aan {to}", "attribuée à {to}", "assigned to {to}"),
        "history_reply": ("antwoord toegevoegd", "réponse ajoutée", "reply added"),
        "history_note": ("interne nota toegevoegd", "note interne ajoutée", "internal note added"),
        "history_priority": ("prioriteit {from} → {to}", "priorité {from} → {to}", "priority {from} → {to}"),
        "history_at_risk": ("SLA {clock} in gevaar (80 %)", "SLA {clock} menacé (80 %)", "SLA {clock} at risk (80 %)"),
        "history_breached": ("SLA {clock} overschreden", "SLA {clock} dépassé", "SLA {clock} breached"),
        "history_escalated": ("geëscaleerd naar {to}", "escaladée vers {to}", "escalated to {to}"),
        "history_approver": ("goedkeuring doorgegeven aan een andere goedkeurder", "approbation transmise à un autre approbateur", "approval passed to another approver"),
        "workspace_done_reply": ("Uw antwoord is verstuurd.", "Votre réponse est envoyée.", "Your reply is sent."),
        "workspace_done_note": ("Uw interne nota is opgeslagen.", "Votre note interne est enregistrée.", "Your internal note is saved."),
        "workspace_done_assign": ("Het ticket is toegewezen.", "Le ticket est attribué.", "The ticket is assigned."),
        "workspace_done_priority": (
            "De prioriteit is gewijzigd; de SLA-termijnen hieronder zijn herberekend.", "La priorité est modifiée ; les délais SLA ci-dessous sont recalculés.",
            "The priority is changed; the SLA due times below are recalculated."
        ),
        "workspace_done_status": ("De status is gewijzigd.", "Le statut est modifié.", "The status is changed."),
        "conflict_title": ("Een collega wijzigde dit ticket intussen", "Un collègue a modifié ce ticket entre-temps", "A colleague changed this ticket meanwhile"),
        "conflict_intro": (
            "Uw wijziging is niet opgeslagen. Sinds u de pagina opende:", "Votre modification n'est pas enregistrée. Depuis que vous avez ouvert la page :",
            "Your change was not saved. Since you opened the page:"
        ),
        "conflict_again": (
            "Bekijk het ticket hieronder en verstuur opnieuw als uw wijziging nog nodig is; uw tekst staat er nog.",
            "Consultez le ticket ci-dessous et renvoyez si votre modification est encore utile ; votre texte est conservé.",
            "Check the ticket below and send again if your change is still needed; your text is kept."
        ),
        // Canned replies
        "canned_title": ("Standaardantwoorden", "Réponses types", "Canned replies"),
        "canned_intro": (
            "Teksten die u in een antwoord invoegt, in de taal van de aanvrager.", "Des textes à insérer dans une réponse, dans la langue du demandeur.",
            "Texts to insert in a reply, in the requester's language."
        ),
        "canned_label": ("Standaardantwoord", "Réponse type", "Canned reply"),
        "canned_pick": ("Kies…", "Choisir…", "Choose…"),
        "canned_insert": ("Invoegen", "Insérer", "Insert"),
        "canned_choose": ("Kies eerst een standaardantwoord.", "Choisissez d'abord une réponse type.", "Choose a canned reply first."),
        "canned_new": ("Nieuw standaardantwoord", "Nouvelle réponse type", "New canned reply"),
        "canned_edit": ("Wijzigen", "Modifier", "Edit"),
        "canned_delete": ("Verwijderen", "Supprimer", "Delete"),
        "canned_none": ("Nog geen standaardantwoorden.", "Pas encore de réponses types.", "No canned replies yet."),
        "canned_key": ("Sleutel", "Clé", "Key"),
        "canned_title_col": ("Titel", "Titre", "Title"),
        "canned_body_col": ("Tekst", "Texte", "Text"),
        "canned_key_rule": (
            "2 tot 40 tekens: kleine letters, cijfers en -, bv. wachtwoord-reset.", "2 à 40 caractères : minuscules, chiffres et -, p. ex. reset-mot-de-passe.",
            "2 to 40 characters: lower-case letters, digits and -, e.g. password-reset."
        ),
        "canned_key_taken": (
            "Deze directie heeft al een standaardantwoord met deze sleutel.", "Cette direction a déjà une réponse type avec cette clé.",
            "This directorate already has a canned reply with this key."
        ),
        "canned_placeholders": (
            "In de tekst worden {requester}, {number}, {subject} en {agent} bij het invoegen ingevuld.",
            "Dans le texte, {requester}, {number}, {subject} et {agent} sont remplis à l'insertion.",
            "In the text, {requester}, {number}, {subject} and {agent} are filled in on insertion."
        ),
        "canned_title_nl": ("Titel (Nederlands)", "Titre (néerlandais)", "Title (Dutch)"),
        "canned_title_fr": ("Titel (Frans)", "Titre (français)", "Title (French)"),
        "canned_title_en": ("Titel (Engels, optioneel)", "Titre (anglais, facultatif)", "Title (English, optional)"),
        "canned_body_nl": ("Tekst (Nederlands)", "Texte (néerlandais)", "Text (Dutch)"),
        "canned_body_fr": ("Tekst (Frans)", "Texte (français)", "Text (French)"),
        "canned_body_en": ("Tekst (Engels, optioneel; anders de Nederlandse)", "Texte (anglais, facultatif ; sinon le néerlandais)", "Text (English, optional; else the Dutch)"),
        "save_button": ("Opslaan", "Enregistrer", "Save"),
        // Facilities (issue 13)
        "nav_facilities": ("Facilitair", "Facilities", "Facilities"),
        "floor_title": ("Verdiepingsoverzicht", "Vue de l'étage", "Floor view"),
        "floor_floor": ("Verdieping", "Étage", "Floor"),
        "floor_zone": ("Zone", "Zone", "Zone"),
        "floor_halves": (
            "Per werkplek: ☀ de ochtend, ☾ de namiddag. Namen staan er alleen bij wie ze deelt.",
            "Par poste : ☀ le matin, ☾ l'après-midi. Les noms n'apparaissent que pour qui les partage.",
            "Per desk: ☀ the morning, ☾ the afternoon. Names show only for people who share them."
        ),
        "floor_summary_label": ("Halve dagen van de getoonde werkplekken:", "Demi-journées des postes affichés :", "Half-days of the desks shown:"),
        "floor_free": ("vrij", "libre", "free"),
        "floor_booked": ("gereserveerd", "réservé", "booked"),
        "floor_checked_in": ("ingecheckt", "présent", "checked in"),
        "floor_no_show": ("niet opgedaagd", "absent", "no-show"),
        "floor_out_of_service": ("buiten dienst", "hors service", "out of service"),
        "floor_until": ("tot", "jusqu'au", "until"),
        "floor_no_shows": ("Niet opgedaagd vandaag", "Absents du jour", "The day's no-shows"),
        "floor_no_shows_none": ("Geen.", "Aucun.", "None."),
        "floor_outage_title": ("Werkplek buiten dienst stellen", "Mettre un poste hors service", "Set a desk out of service"),
        "floor_desk": ("Werkplek", "Poste", "Desk"),
        "floor_from": ("Van", "Du", "From"),
        "floor_to": ("Tot en met", "Au", "To"),
        "floor_reason": ("Reden", "Motif", "Reason"),
        "floor_reason_required": ("Geef een reden.", "Indiquez un motif.", "Give a reason."),
        "floor_outage_button": ("Buiten dienst stellen", "Mettre hors service", "Set out of service"),
        "floor_book_title": ("Reserveren voor een collega", "Réserver pour un collègue", "Book for a colleague"),
        "floor_slot": ("Dagdeel", "Période", "Slot"),
        "floor_book_button": ("Reserveren", "Réserver", "Book"),
        "floor_no_person": ("Geen actieve collega met dit e-mailadres.", "Aucun collègue actif avec cette adresse e-mail.", "No active colleague with this e-mail address."),
        "floor_done_outage": ("De werkplek is buiten dienst gesteld.", "Le poste est mis hors service.", "The desk is set out of service."),
        "floor_done_booked": ("De werkplek is gereserveerd.", "Le poste est réservé.", "The desk is booked."),
        "desk_kind_flex": ("flex", "flexible", "flex"),
        "desk_kind_fixed": ("vast", "fixe", "fixed"),
        "desk_kind_accessible": ("toegankelijk", "accessible", "accessible"),
        "occupancy_title": ("Bezetting", "Occupation", "Occupancy"),
        "occupancy_intro": (
            "Bezetting = ingecheckte werkplekken / beschikbare werkplekken per open dag; de norm van de Iris Tower is 0,6 werkplek per persoon.",
            "Occupation = postes occupés / postes disponibles par jour ouvert ; la norme de l'Iris Tower est de 0,6 poste par personne.",
            "Occupancy = checked-in desks / available desks per open day; the Iris Tower norm is 0.6 desks per person."
        ),
        "occupancy_by": ("Per", "Par", "By"),
        "grouping_building": ("gebouw", "bâtiment", "building"),
        "grouping_floor": ("verdieping", "étage", "floor"),
        "grouping_zone": ("zone", "zone", "zone"),
        "grouping_administration": ("bestuur", "administration", "administration"),
        "occupancy_csv": ("Download als CSV", "Télécharger en CSV", "Download as CSV"),
        "occupancy_trend_title": ("Gemiddelde bezetting per maand", "Occupation moyenne par mois", "Average occupancy per month"),
        "occupancy_ratio_title": ("Werkplekken per persoon per maand", "Postes par personne par mois", "Desks per person per month"),
        "occupancy_target_line": ("doel 90 %", "objectif 90 %", "target 90 %"),
        "occupancy_norm_line": ("norm 0,6", "norme 0,6", "norm 0.6"),
        "occupancy_table_title": ("Cijfers per maand", "Chiffres par mois", "Figures per month"),
        "occupancy_group": ("Groep", "Groupe", "Group"),
        "occupancy_period": ("Maand", "Mois", "Month"),
        "occupancy_desks": ("Werkplekken", "Postes", "Desks"),
        "occupancy_head_count": ("Personeel", "Effectif", "Head-count"),
        "occupancy_ratio": ("Per persoon", "Par personne", "Per person"),
        "occupancy_below_norm": ("onder de norm", "sous la norme", "below the norm"),
        "occupancy_avg": ("Bezetting gem.", "Occupation moy.", "Occupancy avg"),
        "occupancy_peak": ("Piek", "Pic", "Peak"),
        "occupancy_booking": ("Gereserveerd", "Réservé", "Booked"),
        "occupancy_no_show": ("Niet opgedaagd", "Absents", "No-shows"),
        "occupancy_releasable": ("Vrij te maken", "Libérables", "Releasable"),
        "occupancy_short": ("Tekort", "Manque", "Short"),
        "occupancy_none": ("Geen open dagen in deze periode.", "Aucun jour ouvert sur cette période.", "No open days in this period."),
        "occupancy_heat_title": ("Weekdag × verdieping", "Jour × étage", "Weekday × floor"),
        "occupancy_range_error": (
            "Een periode van hoogstens {n} dagen; de laatste 30 dagen worden getoond.", "Une période de {n} jours au plus ; les 30 derniers jours sont affichés.",
            "A period of at most {n} days; the last 30 days are shown."
        ),
        "capacity_title": ("Capaciteitsplanning", "Planification de la capacité", "Capacity planning"),
        "capacity_who": ("Bestuur", "Administration", "Administration"),
        "capacity_new_tenant": ("Een nieuwe huurder", "Un nouveau locataire", "A new tenant"),
        "capacity_change": ("Wijziging van het personeel (+/−)", "Variation de l'effectif (+/−)", "Head-count change (+/−)"),
        "capacity_button": ("Berekenen", "Calculer", "Compute"),
        "capacity_desks_now": ("Werkplekken nu", "Postes actuels", "Desks now"),
        "capacity_peak": ("Hoogste aanwezigheid", "Présence maximale", "Peak attendance"),
        "capacity_at_peak": ("Nodig op de piek", "Nécessaires au pic", "Needed at peak"),
        "capacity_by_norm": ("Volgens de norm", "Selon la norme", "By the norm"),
        "capacity_additional": ("Bijkomend nodig (− is overschot)", "Supplémentaires (− = excédent)", "Additional needed (− is surplus)"),
        // Administration (issue 13)
        "nav_admin": ("Beheer", "Administration", "Administration"),
        "admin_title": ("Beheer", "Administration", "Administration"),
        "admin_users_title": ("Personen en rollen", "Personnes et rôles", "People and roles"),
        "admin_users_hint": ("zoeken, toevoegen, rollen, vertrekkers, API-tokens", "rechercher, ajouter, rôles, départs, jetons d'API", "search, add, roles, leavers, API tokens"),
        "admin_catalogue_title": ("Catalogus", "Catalogue", "Catalogue"),
        "admin_catalogue_hint": ("diensten, formulieren en SLA zoals geladen", "services, formulaires et SLA tels que chargés", "services, forms and SLA as loaded"),
        "admin_calendars_title": ("Kalenders", "Calendriers", "Calendars"),
        "admin_calendars_hint": ("openingsuren en feestdagen", "heures d'ouverture et jours fériés", "opening hours and holidays"),
        "admin_building_title": ("Gebouw", "Bâtiment", "Building"),
        "admin_building_hint": ("uren van de dagdelen, inchecken, reservatietermijn", "heures des périodes, enregistrement, délai de réservation", "slot hours, check-in, booking horizon"),
        "admin_users_search": ("Zoek op naam, e-mail of bestuur", "Rechercher par nom, e-mail ou administration", "Search by name, e-mail or administration"),
        "admin_users_none": ("Niemand gevonden.", "Personne trouvé.", "Nobody found."),
        "admin_user_new": ("Persoon toevoegen", "Ajouter une personne", "Add a person"),
        "admin_name": ("Naam", "Nom", "Name"),
        "admin_roles": ("Rollen", "Rôles", "Roles"),
        "admin_active": ("actief", "actif", "active"),
        "admin_inactive": ("niet actief", "inactif", "inactive"),
        "admin_organisation": ("Organisatie", "Organisation", "Organisation"),
        "admin_manager": ("E-mail van de lijnmanager", "E-mail du supérieur hiérarchique", "Line manager's e-mail"),
        "admin_agent_of": ("Agent van", "Agent de", "Agent of"),
        "admin_lead_of": ("Teamleider van", "Chef d'équipe de", "Team lead of"),
        "admin_email_invalid": ("Geef een geldig e-mailadres.", "Indiquez une adresse e-mail valable.", "Give a valid e-mail address."),
        "admin_manager_invalid": (
            "Geen actieve persoon met dit e-mailadres, of de persoon zelf.", "Aucune personne active avec cette adresse, ou la personne elle-même.",
            "No active person with this e-mail address, or the person themselves."
        ),
        "admin_directorate_unknown": ("Onbekende directie.", "Direction inconnue.", "Unknown directorate."),
        "admin_done_saved": ("Opgeslagen.", "Enregistré.", "Saved."),
        "admin_done_deactivated": (
            "De persoon is niet langer actief; de goedkeuringen die op hen wachtten, zijn doorgegeven.",
            "La personne n'est plus active ; les approbations qui l'attendaient sont transmises.", "The person is no longer active; approvals waiting on them moved on."
        ),
        "admin_done_revoked": ("Het token is ingetrokken: de API weigert het meteen.", "Le jeton est révoqué : l'API le refuse aussitôt.", "The token is revoked: the API refuses it at once."),
        "role_staff": ("personeelslid", "membre du personnel", "staff"),
        "role_agent": ("agent", "agent", "agent"),
        "role_team_lead": ("teamleider", "chef d'équipe", "team lead"),
        "role_counter_clerk": ("baliemedewerker", "agent du guichet", "counter clerk"),
        "role_quality_officer": ("kwaliteitsmedewerker", "chargé de qualité", "quality officer"),
        "role_facilities": ("facilitair beheer", "gestion des facilities", "facilities"),
        "role_admin": ("beheerder", "administrateur", "administrator"),
        "admin_tokens_title": ("API-tokens", "Jetons d'API", "API tokens"),
        "admin_tokens_intro": (
            "Een token geeft een programma de rechten van deze persoon via de API.", "Un jeton donne à un programme les droits de cette personne via l'API.",
            "A token gives a program this person's rights through the API."
        ),
        "admin_token_shown_once": (
            "Kopieer het token nu: het wordt maar één keer getoond.", "Copiez le jeton maintenant : il n'est affiché qu'une fois.",
            "Copy the token now: it is shown only once."
        ),
        "admin_token_created": ("Aangemaakt", "Créé", "Created"),
        "admin_token_revoked": ("ingetrokken", "révoqué", "revoked"),
        "admin_token_revoke": ("Intrekken", "Révoquer", "Revoke"),
        "admin_token_name": ("Naam van het token", "Nom du jeton", "Token name"),
        "admin_token_create": ("Token aanmaken", "Créer un jeton", "Create token"),
        "admin_token_name_required": ("Geef het token een naam.", "Donnez un nom au jeton.", "Give the token a name."),
        "admin_leaver_title": ("Vertrekker", "Départ", "Leaver"),
        "admin_leaver_intro": (
            "De persoon kan niet meer aanmelden, de tokens werken niet meer en de goedkeuringen gaan naar de volgende goedkeurder.",
            "La personne ne peut plus se connecter, ses jetons ne fonctionnent plus et ses approbations passent à l'approbateur suivant.",
            "The person can no longer sign in, their tokens stop working and their approvals go to the next approver."
        ),
        "admin_deactivate_confirm": ("Ja, deze persoon is vertrokken", "Oui, cette personne est partie", "Yes, this person has left"),
        "admin_deactivate_confirm_missing": ("Vink eerst het vakje aan.", "Cochez d'abord la case.", "Tick the box first."),
        "admin_deactivate": ("Niet langer actief", "Désactiver", "Deactivate"),
        "admin_catalogue_loaded": ("Diensten geladen:", "Services chargés :", "Services loaded:"),
        "admin_catalogue_revision": ("versie", "version", "revision"),
        "admin_calendar": ("Kalender", "Calendrier", "Calendar"),
        "admin_sla_caption": ("SLA per prioriteit (werktijd)", "SLA par priorité (temps ouvré)", "SLA per priority (business time)"),
        "admin_services_caption": ("Diensten", "Services", "Services"),
        "admin_approval": ("Goedkeuring", "Approbation", "Approval"),
        "admin_fields": ("Velden", "Champs", "Fields"),
        "admin_own_sla": ("eigen SLA", "SLA propre", "own SLA"),
        "admin_default_priority": ("Standaardprioriteit", "Priorité par défaut", "Default priority"),
        "admin_form_caption": ("Formulier", "Formulaire", "Form"),
        "admin_field_type": ("Soort", "Type", "Type"),
        "admin_field_options": ("Keuzes", "Choix", "Options"),
        "approval_none": ("geen", "aucune", "none"),
        "approval_line_manager": ("lijnmanager", "supérieur hiérarchique", "line manager"),
        "admin_opening_hours": ("Openingsuren", "Heures d'ouverture", "Opening hours"),
        "admin_holidays": ("Feestdagen", "Jours fériés", "Holidays"),
        "admin_closed": ("gesloten", "fermé", "closed"),
        "weekday_monday": ("maandag", "lundi", "Monday"),
        "weekday_tuesday": ("dinsdag", "mardi", "Tuesday"),
        "weekday_wednesday": ("woensdag", "mercredi", "Wednesday"),
        "weekday_thursday": ("donderdag", "jeudi", "Thursday"),
        "weekday_friday": ("vrijdag", "vendredi", "Friday"),
        "weekday_saturday": ("zaterdag", "samedi", "Saturday"),
        "weekday_sunday": ("zondag", "dimanche", "Sunday"),
        "admin_time_zone": ("Tijdzone", "Fuseau horaire", "Time zone"),
        "admin_building_saved": ("De instellingen zijn opgeslagen.", "Les paramètres sont enregistrés.", "The settings are saved."),
        "building_day_start": ("Begin van de ochtend (uu:mm)", "Début de la matinée (hh:mm)", "Morning start (hh:mm)"),
        "building_midday": ("Middag: einde ochtend, begin namiddag (uu:mm)", "Midi : fin du matin, début de l'après-midi (hh:mm)", "Midday: morning end, afternoon start (hh:mm)"),
        "building_day_end": ("Einde van de namiddag (uu:mm)", "Fin de l'après-midi (hh:mm)", "Afternoon end (hh:mm)"),
        "building_opens": ("Inchecken kan vanaf … minuten voor het begin", "Enregistrement possible … minutes avant le début", "Check-in opens … minutes before the start"),
        "building_deadline": ("Inchecken moet binnen … minuten na het begin", "Enregistrement dans les … minutes après le début", "Check in within … minutes of the start"),
        "building_horizon": ("Reserveren tot … dagen vooruit", "Réservation jusqu'à … jours à l'avance", "Booking up to … days ahead"),
        "building_err_name": ("Geef het gebouw een naam.", "Donnez un nom au bâtiment.", "Give the building a name."),
        "building_err_slots": (
            "Nodig: 00:00 ≤ begin ochtend < middag < einde namiddag ≤ 24:00.", "Il faut : 00:00 ≤ début du matin < midi < fin de l'après-midi ≤ 24:00.",
            "Needed: 00:00 ≤ morning start < midday < afternoon end ≤ 24:00."
        ),
        "building_err_check_in_opens": ("Inchecken: 0 minuten of meer.", "Enregistrement : 0 minute ou plus.", "Check-in: 0 minutes or more."),
        "building_err_check_in_deadline": ("Inchecktermijn: 0 minuten of meer.", "Délai d'enregistrement : 0 minute ou plus.", "Check-in deadline: 0 minutes or more."),
        "building_err_horizon_days": ("Reservatietermijn: 1 tot 366 dagen.", "Délai de réservation : 1 à 366 jours.", "Booking horizon: 1 to 366 days."),
        "building_err_calendar": ("Deze kalender bestaat niet.", "Ce calendrier n'existe pas.", "This calendar does not exist."),
        "building_err_expired": (
            "Dit formulier is verlopen. Verstuur het opnieuw.", "Ce formulaire a expiré. Envoyez-le à nouveau.", "This form has expired. Please send it again."
        ),
        // Errors
        "not_found_title": ("Niet gevonden", "Introuvable", "Not found"),
        "not_found_text": (
            "Deze pagina of aanvraag bestaat niet, of u hebt er geen toegang toe.", "Cette page ou demande n'existe pas, ou vous n'y avez pas accès.",
            "This page or request does not exist, or you have no access to it."
        ),
        "forbidden_title": ("Niet toegestaan", "Non autorisé", "Not allowed"),
        "forbidden_text": ("U mag deze handeling niet uitvoeren.", "Vous ne pouvez pas effectuer cette action.", "You may not do this."),
        "conflict_text": (
            "Deze handeling is niet (meer) mogelijk in de huidige status van de aanvraag.", "Cette action n'est pas (plus) possible dans le statut actuel de la demande.",
            "This action is not (or no longer) possible in the request's current status."
        ),
        "error_title": ("Er ging iets mis", "Une erreur s'est produite", "Something went wrong"),
        "error_text": (
            "Probeer het later opnieuw of neem contact op met de SSP-balie.", "Réessayez plus tard ou contactez le guichet SSP.",
            "Try again later or contact the SSP counter."
        ),
        "back_home": ("Terug naar de startpagina", "Retour à l'accueil", "Back to the home page"),
    ]

    /// The texts of `language`, keyed, for a template's `t`.
    static func texts(_ language: Language) -> [String: String] { byLanguage[language] ?? [:] }

    private static let byLanguage: [Language: [String: String]] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { language in
            (
                language,
                table.mapValues { entry in
                    switch language {
                    case .nl: entry.nl
                    case .fr: entry.fr
                    case .en: entry.en
                    }
                }
            )
        })

    /// One text with `{n}` replaced by `n`.
    static func text(_ key: String, _ language: Language, n: Int? = nil) -> String {
        let text = texts(language)[key] ?? key
        return n.map { text.replacingOccurrences(of: "{n}", with: String($0)) } ?? text
    }
}
