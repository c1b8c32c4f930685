/**
 * The contacts CRM, one lazy chunk: contacts list, contact page and form, lists and their members, tags,
 * custom fields and the CSV import wizard. The screens are deliberately not split further: a module
 * shared by two lazy chunks would be hoisted into the "common" chunk that the first screen preloads.
 */
import { Match, onMount, Switch } from 'solid-js';
import type { CrmSection } from '../../router.ts';
import '../../styles/contacts.css';
import { ContactsScreen } from './ContactsScreen.tsx';
import { loadTaxonomy } from './taxonomy.ts';

import ImportWizard from '../import/ImportWizard.tsx';
import ListMembers from '../lists/ListMembers.tsx';
import ListsScreen from '../lists/ListsScreen.tsx';
import TagsScreen from '../lists/TagsScreen.tsx';
import ContactForm from './ContactForm.tsx';
import ContactPage from './ContactPage.tsx';
import FieldsAdmin from './FieldsAdmin.tsx';

export default function CrmPage(props: { section: CrmSection; id?: string | undefined }) {
  onMount(() => void loadTaxonomy().catch(() => undefined));
  return (
    <div class="crm" data-testid="crm">
      <Switch>
        <Match when={props.section === 'contacts'}>
          <ContactsScreen />
        </Match>
        <Match when={props.section === 'contact' && props.id}>{(id) => <ContactPage id={id()} />}</Match>
        <Match when={props.section === 'new'}>
          <ContactForm />
        </Match>
        <Match when={props.section === 'edit' && props.id}>{(id) => <ContactForm id={id()} />}</Match>
        <Match when={props.section === 'import'}>
          <ImportWizard list={props.id} />
        </Match>
        <Match when={props.section === 'fields'}>
          <FieldsAdmin />
        </Match>
        <Match when={props.section === 'lists'}>
          <ListsScreen />
        </Match>
        <Match when={props.section === 'list' && props.id}>{(id) => <ListMembers id={id()} />}</Match>
        <Match when={props.section === 'tags'}>
          <TagsScreen />
        </Match>
      </Switch>
    </div>
  );
}
