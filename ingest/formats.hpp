// One accessor per importer; registry.cpp lists them. Each importer lives in its own file pair.
#pragma once

#include "importer.hpp"

namespace casegraph::ingest {

// One line per importer (keep it that way: parallel work adds lines here without conflicts).
[[nodiscard]] const Importer& android_sms_importer();       // android_sms.cpp: mmssms.db sms + MMS
[[nodiscard]] const Importer& android_calls_importer();     // android_calls.cpp: calllog.db calls
[[nodiscard]] const Importer& android_contacts_importer();  // android_contacts.cpp: contacts2.db (+ calls)
[[nodiscard]] const Importer& whatsapp_db_importer();       // whatsapp_db.cpp: msgstore.db, both schemas
[[nodiscard]] const Importer& whatsapp_contacts_importer(); // whatsapp_contacts.cpp: wa.db wa_contacts
[[nodiscard]] const Importer& whatsapp_txt_importer();      // whatsapp_txt.cpp: WhatsApp chat export .txt
[[nodiscard]] const Importer& telegram_json_importer();     // telegram_json.cpp: Telegram Desktop result.json
[[nodiscard]] const Importer& camt_importer();              // camt.cpp: ISO 20022 camt.052/.053/.054
[[nodiscard]] const Importer& mt940_importer();             // mt940.cpp: SWIFT MT940 statements
[[nodiscard]] const Importer& ofx_importer();            // ofx.cpp: OFX/QFX 1.x SGML and 2.x XML statements
[[nodiscard]] const Importer& bank_csv_importer();       // bank_csv.cpp: bank CSV exports (+ --profile)
[[nodiscard]] const Importer& sms_backup_xml_importer(); // sms_backup_xml.cpp: SMS/call backup XML
[[nodiscard]] const Importer& vcard_importer();          // vcard.cpp: vCard 2.1/3.0/4.0 contacts
[[nodiscard]] const Importer& ios_sms_importer();        // ios_sms.cpp: sms.db / chat.db messages
[[nodiscard]] const Importer& ios_calls_importer();      // ios_calls.cpp: CallHistory.storedata ZCALLRECORD
[[nodiscard]] const Importer& ios_contacts_importer();   // ios_contacts.cpp: AddressBook.sqlitedb
[[nodiscard]] const Importer& ufdr_importer();           // ufdr.cpp: Cellebrite UFDR / UFED report.xml
[[nodiscard]] const Importer& meta_json_importer();      // meta_json.cpp: Messenger/Instagram message_N.json
[[nodiscard]] const Importer& telegram_html_importer();  // telegram_html.cpp: Telegram Desktop messages.html

} // namespace casegraph::ingest
