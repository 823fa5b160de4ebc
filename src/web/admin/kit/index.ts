// The admin pages' kit: URL state, list states, record cards and tables, the editor drawer and the
// feedback of saves.
export { EditorActions, EditorDrawer } from './EditorDrawer';
export { ConfirmModal, errorText, fieldErrorsOf, Saved, SaveError } from './feedback';
export {
  AdminPageHeader,
  desktopOnly,
  ListHeader,
  QueryBlock,
  RecordCard,
  RecordGrid,
  RecordTable,
} from './lists';
export { timeZones, useUrlParam } from './url';
