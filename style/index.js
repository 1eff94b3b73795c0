import './base.css';
import './viewer.css';
import './sidebar.css';
import './validation.css';
import './collection.css';
