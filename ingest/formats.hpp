// One accessor per importer; registry.cpp lists them. Each importer lives in its own file pair.
#pragma once

#include "importer.hpp"

namespace casegraph::ingest {

[[nodiscard]] const Importer& android_sms_importer();    // android_sms.cpp: mmssms.db sms (+ MMS)
[[nodiscard]] const Importer& sms_backup_xml_importer(); // sms_backup_xml.cpp: SMS/call backup XML
[[nodiscard]] const Importer& vcard_importer();          // vcard.cpp: vCard 2.1/3.0/4.0 contacts
[[nodiscard]] const Importer& ios_sms_importer();        // ios_sms.cpp: sms.db / chat.db messages
[[nodiscard]] const Importer& ios_calls_importer();      // ios_calls.cpp: CallHistory.storedata ZCALLRECORD
[[nodiscard]] const Importer& ios_contacts_importer();   // ios_contacts.cpp: AddressBook.sqlitedb

} // namespace casegraph::ingest
