import './base.css';
import './viewer.css';
import './sidebar.css';
import './validation.css';
import './batch.css';
import './dandi.css';
import './collection.css';
import './workspace.css';
