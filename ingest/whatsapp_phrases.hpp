// The phrases of WhatsApp exports, per language (en, de, es, fr, pt, it, nl): system notices, deletion
// placeholders, omitted-media markers and attachment references. Data only; whatsapp_lines.cpp uses them.
#pragma once

#include <string_view>

namespace casegraph::ingest::whatsapp::phrases {

using sv = std::string_view;

// Notices and the kind they stand for. `distinctive` phrases are safe to recognise even when a sender
// precedes them (iOS writes notices as if the chat name had sent them); the others only identify the
// kind of a line that already has no sender.
struct Phrase {
    sv text;
    sv kind;
    bool distinctive;
};
inline constexpr Phrase kPhrases[] = {
    // end-to-end encryption notices
    {"end-to-end encrypted", "e2e", true},
    {"secured with end-to-end encryption", "e2e", true},
    {"Ende-zu-Ende-verschlüsselt", "e2e", true},
    {"Ende-zu-Ende-Verschlüsselung", "e2e", true},
    {"cifrados de extremo a extremo", "e2e", true},
    {"cifrado de extremo a extremo", "e2e", true},
    {"chiffrés de bout en bout", "e2e", true},
    {"chiffrement de bout en bout", "e2e", true},
    {"criptografia de ponta a ponta", "e2e", true},
    {"criptografia de ponta-a-ponta", "e2e", true},
    {"crittografia end-to-end", "e2e", true},
    {"crittografati end-to-end", "e2e", true},
    {"end-to-end versleuteld", "e2e", true},
    {"end-to-endversleuteling", "e2e", true},
    // security code changes
    {"security code with", "security_code", true},
    {"security code changed", "security_code", true},
    {"Sicherheitsnummer", "security_code", true},
    {"código de seguridad", "security_code", true},
    {"code de sécurité", "security_code", true},
    {"código de segurança", "security_code", true},
    {"codice di sicurezza", "security_code", true},
    {"beveiligingscode", "security_code", true},
    // number changes
    {"changed their phone number", "number_changed", true},
    {"changed to +", "number_changed", true},
    {"hat die Telefonnummer", "number_changed", true},
    {"cambió su número", "number_changed", true},
    {"a changé de numéro", "number_changed", true},
    {"mudou seu número", "number_changed", true},
    {"ha cambiato il suo numero", "number_changed", true},
    {"telefoonnummer gewijzigd", "number_changed", true},
    // group life
    {" created group ", "group_created", true},
    {"created group \"", "group_created", true},
    {" created this group", "group_created", true},
    {"erstellt", "group_created", false},
    {"creó el grupo", "group_created", true},
    {"reaste el grupo", "group_created", true},
    {"a créé le groupe", "group_created", true},
    {"avez créé le groupe", "group_created", true},
    {"criou o grupo", "group_created", true},
    {"creato il gruppo", "group_created", true},
    {"groep", "group_created", false},
    {"joined using this group's invite link", "joined", true},
    {"joined using this group", "joined", true},
    {"Einladungslink", "joined", true},
    {"se unió usando el enlace", "joined", true},
    {"a rejoint", "joined", false},
    {"entrou usando o link", "joined", true},
    {"si è unito", "joined", false},
    {" joined", "joined", false},
    {"You were added", "added", true},
    {" added ", "added", false},
    {" added you", "added", false},
    {"hinzugefügt", "added", false},
    {"añadió", "added", false},
    {"agregó", "added", false},
    {"a ajouté", "added", false},
    {"adicionou", "added", false},
    {"ha aggiunto", "added", false},
    {"toegevoegd", "added", false},
    {" removed ", "removed", false},
    {"entfernt", "removed", false},
    {"eliminó a", "removed", false},
    {"a retiré", "removed", false},
    {"removeu", "removed", false},
    {"ha rimosso", "removed", false},
    {"verwijderd", "removed", false},
    {" left", "left", false},
    {"verlassen", "left", false},
    {"salió", "left", false},
    {"est parti", "left", false},
    {"a quitté", "left", false},
    {" saiu", "left", false},
    {"è uscito", "left", false},
    {"verlaten", "left", false},
    {"changed the subject", "subject_changed", true},
    {"changed the group name", "subject_changed", true},
    {"hat den Betreff", "subject_changed", true},
    {"cambió el asunto", "subject_changed", true},
    {"a modifié le sujet", "subject_changed", true},
    {"mudou o assunto", "subject_changed", true},
    {"ha modificato l'oggetto", "subject_changed", true},
    {"onderwerp gewijzigd", "subject_changed", true},
    {"changed this group's icon", "icon_changed", true},
    {"changed the group description", "description_changed", true},
    {"disappearing messages", "disappearing", true},
    {"Missed voice call", "missed_call", true},
    {"Missed video call", "missed_call", true},
    {"blocked this contact", "blocked", true},
    {"unblocked this contact", "unblocked", true},
    {"is a business account", "business", true},
    {"uses a secure service from", "business", true},
    {"now an admin", "admin", true},
};

inline constexpr sv kDeleted[] = {
    "This message was deleted",
    "You deleted this message",
    "Diese Nachricht wurde gelöscht.",
    "Diese Nachricht wurde gelöscht",
    "Du hast diese Nachricht gelöscht.",
    "Du hast diese Nachricht gelöscht",
    "Se eliminó este mensaje.",
    "Se eliminó este mensaje",
    "Eliminaste este mensaje.",
    "Eliminaste este mensaje",
    "Ce message a été supprimé",
    "Vous avez supprimé ce message",
    "Mensagem apagada",
    "Você apagou esta mensagem",
    "Esta mensagem foi apagada",
    "Questo messaggio è stato eliminato",
    "Hai eliminato questo messaggio",
    "Dit bericht is verwijderd",
    "Je hebt dit bericht verwijderd",
    "U hebt dit bericht verwijderd",
};

inline constexpr sv kMediaOmitted[] = {
    "<Media omitted>", "<Medien ausgeschlossen>", "<Multimedia omitido>", "<Multimedia omitidos>",
    "<Médias omis>",   "<Fichier omis>",          "<Mídia oculta>",       "<Arquivo de mídia oculto>",
    "<Media omessi>",  "<Media weggelaten>",
};

// "image omitted" (iOS) and its translations: the last word says omitted, the first says what.
inline constexpr sv kOmittedWords[] = {"omitted",  "weggelassen", "omitido", "omitida", "omis",      "omise",
                                       "ocultada", "ocultado",    "omesso",  "omessa",  "weggelaten"};
struct MediaWord {
    sv word;
    sv type;
};
inline constexpr MediaWord kMediaWords[] = {
    {"image", "image"},       {"imagen", "image"},       {"imagem", "image"},
    {"immagine", "image"},    {"afbeelding", "image"},   {"bild", "image"},
    {"photo", "image"},       {"foto", "image"},         {"video", "video"},
    {"vídeo", "video"},       {"vidéo", "video"},        {"audio", "audio"},
    {"áudio", "audio"},       {"sticker", "sticker"},    {"autocollant", "sticker"},
    {"document", "document"}, {"documento", "document"}, {"dokument", "document"},
    {"gif", "gif"},           {"contact", "contact"},    {"kontaktkarte", "contact"},
    {"tarjeta", "contact"},   {"cartão", "contact"},
};

// "<attached: NAME>" on iOS, in several languages.
inline constexpr sv kAttachedOpen[] = {"<attached: ",      "<Anhang: ",       "<adjunto: ",  "<anexado: ",
                                       "<pièce jointe : ", "<pièce jointe: ", "<allegato: ", "<bijgevoegd: "};
// "NAME (file attached)" on Android.
inline constexpr sv kFileAttached[] = {" (file attached)",     " (Datei angehängt)", " (archivo adjunto)",
                                       " (fichier joint)",     " (arquivo anexado)", " (file allegato)",
                                       " (bestand bijgevoegd)"};

// How notices written with a sender (iOS, some Android versions) begin and end.
inline constexpr sv kNoticeOpeners[] = {
    "Messages and calls are",      "Messages to this group",     "Messages you send",
    "Your security code",          "Nachrichten und Anrufe",     "Nachrichten, die du",
    "Los mensajes y las llamadas", "Les messages et les appels", "As mensagens e as chamadas",
    "I messaggi e le chiamate",    "Berichten en oproepen"};
inline constexpr sv kNoticeEndings[] = {"Tap to learn more.",
                                        "Tap for more info.",
                                        "Learn more.",
                                        "Tippe, um mehr zu erfahren.",
                                        "Toca para obtener más información.",
                                        "Appuyez pour en savoir plus.",
                                        "Toque para saber mais.",
                                        "Tocca per saperne di più.",
                                        "Tik voor meer informatie."};

} // namespace casegraph::ingest::whatsapp::phrases
